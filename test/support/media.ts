import { execFileSync } from 'node:child_process';
import { Parser } from 'm3u8-parser';

// Test media made on the spot with ffmpeg, and ffprobe's view of what the pipeline produced.

export interface ClipOptions {
  width: number;
  height: number;
  seconds: number;
  audio?: boolean;
  /** Rotation metadata (display matrix) to add, in degrees. */
  rotate?: number;
  rate?: number;
  /** The lavfi video source (default testsrc2): smptehdbars, mandelbrot, gradients... */
  source?: string;
  /**
   * A constant video bitrate, e.g. '40M', padded with filler so the file reaches it whatever the
   * picture: a few seconds of a small clip that still takes several multipart parts.
   */
  bitrate?: string;
}

export function makeClip(file: string, options: ClipOptions): void {
  const inputs = [
    '-f',
    'lavfi',
    '-i',
    `${options.source ?? 'testsrc2'}=size=${options.width}x${options.height}:rate=${options.rate ?? 25}`,
  ];
  if (options.audio) inputs.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    '-t',
    String(options.seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    ...(options.bitrate
      ? [
          ...['-b:v', options.bitrate, '-minrate', options.bitrate, '-maxrate', options.bitrate],
          ...['-bufsize', options.bitrate, '-x264-params', 'nal-hrd=cbr:filler=1'],
        ]
      : []),
    ...(options.audio ? ['-c:a', 'aac'] : []),
    ...(options.rotate ? ['-metadata:s:v:0', `rotate=${options.rotate}`] : []),
    file,
  ]);
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
}

export function ffprobeJson(
  file: string,
  extra: string[] = ['-show_streams', '-show_format'],
): {
  streams: ProbedStream[];
  format: { duration: string };
  frames?: Array<{ pts_time?: string; key_frame?: number }>;
} {
  return JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', ...extra, file], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString(),
  );
}

/** Presentation times of the keyframes of a (local) HLS variant playlist, rounded to ms. */
export function keyframeTimes(playlist: string): number[] {
  const probed = ffprobeJson(playlist, [
    '-select_streams',
    'v:0',
    '-skip_frame',
    'nokey',
    '-show_entries',
    'frame=pts_time,key_frame',
  ]);
  return (probed.frames ?? []).map((frame) => Math.round(Number(frame.pts_time) * 1000));
}

/** A playlist (master or media) read with m3u8-parser, videojs's HLS parser. */
export function parsePlaylist(text: string) {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}
