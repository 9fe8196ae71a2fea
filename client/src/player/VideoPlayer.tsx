import { useRef } from 'react';
import type { CSSProperties } from 'react';
import { computePlayerAspectRatio } from './aspect-ratio';
import type { PictureSize } from './aspect-ratio';
import { QualityMenu } from './QualityMenu';
import { useDecodedSize } from './use-decoded-size';
import { useHlsPlayer } from './use-hls-player';

export interface VideoPlayerProps {
  src: string;
  poster?: string | null;
  title: string;
  /** The size the API recorded: shapes the player before the browser has read the stream. */
  size?: PictureSize;
}

export function VideoPlayer({ src, poster, title, size }: VideoPlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const player = useHlsPlayer(video, src);
  const aspectRatio = computePlayerAspectRatio(useDecodedSize(video), size);
  // The stylesheet sizes the <video> from this: full width on a phone, capped by the window's height elsewhere.
  const shape = { '--aspect-ratio': String(aspectRatio) } as CSSProperties;
  return (
    <div className="player" style={shape}>
      <video
        ref={video}
        controls
        playsInline
        preload="metadata"
        poster={poster ?? undefined}
        aria-label={title}
        data-engine={player.engine}
        data-levels={player.levels.length}
      />
      {player.error && (
        <p className="notice notice-error" role="alert">
          {player.error}
        </p>
      )}
      <QualityMenu
        levels={player.levels}
        selected={player.selected}
        playing={player.playing}
        onSelect={player.setLevel}
      />
    </div>
  );
}
