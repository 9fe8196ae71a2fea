import Hls from 'hls.js/light';
import type { ErrorData, Level } from 'hls.js';
import { useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

export interface QualityLevel {
  /** hls.js level index; -1 is automatic. */
  index: number;
  width: number;
  height: number;
  bitrate: number;
}

export interface PlayerState {
  engine: 'hls.js' | 'native' | 'none';
  levels: QualityLevel[];
  /** The level chosen: -1 while hls.js picks by bandwidth. */
  selected: number;
  /** The level playing now (in automatic mode too); -1 before the first. */
  playing: number;
  error?: string;
  setLevel: (index: number) => void;
}

function toLevels(levels: Level[]): QualityLevel[] {
  return levels.map((level, index) => ({ index, width: level.width, height: level.height, bitrate: level.bitrate }));
}

function describeFatal(data: ErrorData): string {
  if (data.type === Hls.ErrorTypes.NETWORK_ERROR)
    return 'The video could not be loaded: check the connection and reload the page.';
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) return 'This browser could not play the video.';
  return 'The video could not be played.';
}

/**
 * Plays an HLS master playlist in the given <video>: hls.js (its light build: the pipeline's streams
 * have muxed audio, no subtitles and no DRM) over Media Source Extensions where the
 * browser has them (which also gives the quality menu), the browser's own HLS otherwise (Safari on
 * iOS). hls.js is destroyed when the source changes or the component goes.
 */
type Engine = PlayerState['engine'];

let nativeHls: boolean | undefined;
function browserPlaysHls(): boolean {
  nativeHls ??=
    typeof document !== 'undefined' &&
    document.createElement('video').canPlayType('application/vnd.apple.mpegurl') !== '';
  return nativeHls;
}

function engineFor(src: string | null | undefined): Engine {
  if (!src) return 'none';
  if (Hls.isSupported()) return 'hls.js';
  return browserPlaysHls() ? 'native' : 'none';
}

export function useHlsPlayer(video: RefObject<HTMLVideoElement | null>, src: string | null | undefined): PlayerState {
  const hlsRef = useRef<Hls | null>(null);
  const engine = engineFor(src);
  const [state, setState] = useState<Omit<PlayerState, 'setLevel' | 'engine'>>({
    levels: [],
    selected: -1,
    playing: -1,
  });

  // A layout effect, so the playlist is on its way before the browser lays the page out and paints
  // it (tens of milliseconds on a first load), not after.
  useLayoutEffect(() => {
    const element = video.current;
    if (!element || !src) return;
    if (engine === 'hls.js') {
      // The first frame comes soonest from the lowest rung (the smallest first segment); ABR climbs
      // from the next segment on. hls.js's own start (near the first-listed rung's bit rate, 720p
      // or 1080p) fetches a segment several times bigger first, and startLevel -1 fetches the
      // lowest rung's first segment only to measure the bandwidth, then another to play.
      const hls = new Hls({ capLevelToPlayerSize: true, startLevel: 0 });
      hlsRef.current = hls;
      const recovery = { mediaErrorRecovered: false };
      hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) =>
        setState((current) => ({ ...current, levels: toLevels(data.levels), error: undefined })),
      );
      hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => setState((current) => ({ ...current, playing: data.level })));
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data.fatal) return;
        // hls.js's documented recovery: one media-error recovery, then give up with a sentence.
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovery.mediaErrorRecovered) {
          recovery.mediaErrorRecovered = true;
          hls.recoverMediaError();
          return;
        }
        setState((current) => ({ ...current, error: describeFatal(data) }));
      });
      hls.loadSource(src);
      hls.attachMedia(element);
      return () => {
        hls.destroy();
        hlsRef.current = null;
      };
    }
    if (engine === 'native') {
      element.setAttribute('src', src);
      return () => {
        element.removeAttribute('src');
        element.load();
      };
    }
    return undefined;
  }, [video, src, engine]);

  const setLevel = (index: number) => {
    const hls = hlsRef.current;
    if (!hls) return;
    // currentLevel switches now (flushing the buffer); -1 hands the choice back to hls.js.
    hls.currentLevel = index;
    setState((current) => ({ ...current, selected: index }));
  };

  const error = state.error ?? (src && engine === 'none' ? 'This browser cannot play HLS video.' : undefined);
  return { ...state, engine, error, setLevel };
}
