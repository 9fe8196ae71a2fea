import { useRef } from 'react';
import { QualityMenu } from './QualityMenu';
import { useHlsPlayer } from './use-hls-player';

export function VideoPlayer({ src, poster, title }: { src: string; poster?: string | null; title: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const player = useHlsPlayer(video, src);
  return (
    <div className="player">
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
