import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

// Odd and hostile inputs for the pipeline, made on the spot with ffmpeg (or by hand), small and
// quick to encode (ultrafast, a second or two) so a whole file of them runs in a couple of minutes.
// Asynchronous, so tests that make them concurrently do not block each other's sockets.

const run = promisify(execFile);

export async function ffmpeg(...args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

export async function ffprobeUrl(
  url: string,
  extra: string[] = ['-show_streams', '-show_format'],
): Promise<{ streams: Array<Record<string, any>>; format?: Record<string, any>; frames?: Array<Record<string, any>> }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', ...extra, url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

const testsrc = (size: string, seconds: number, rate = 25) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`,
];
const sine = (seconds: number, frequency = 440) => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** A plain H.264 (+AAC) MP4; `faststart` puts the moov atom first. */
export async function plainMp4(
  file: string,
  options: { size?: string; seconds?: number; audio?: boolean; faststart?: boolean } = {},
): Promise<void> {
  const seconds = options.seconds ?? 1;
  await ffmpeg(
    ...testsrc(options.size ?? '320x240', seconds),
    ...(options.audio ? sine(seconds) : []),
    ...h264,
    ...(options.audio ? ['-c:a', 'aac'] : []),
    '-movflags',
    options.faststart ? '+faststart' : '-faststart',
    file,
  );
}

/** The first `fraction` of `source` (its tail, and with it a trailing moov atom, cut off). */
export function cutTail(source: string, file: string, fraction: number): void {
  const data = readFileSync(source);
  writeFileSync(file, data.subarray(0, Math.floor(data.length * fraction)));
}

/** `source` without its first `fraction` (the ftyp and a leading moov atom cut off). */
export function cutHead(source: string, file: string, fraction: number): void {
  const data = readFileSync(source);
  writeFileSync(file, data.subarray(Math.floor(data.length * fraction)));
}

export async function audioOnly(file: string): Promise<void> {
  await ffmpeg(...sine(1), '-c:a', 'aac', file);
}

export async function png(file: string): Promise<void> {
  await ffmpeg(...testsrc('320x240', 1), '-frames:v', '1', '-f', 'image2', '-c:v', 'png', file);
}

/** One frame of 8K (7680x4320): cheap to make, and above the pipeline's largest accepted size. */
export async function eightK(file: string): Promise<void> {
  await ffmpeg('-f', 'lavfi', '-i', 'color=c=navy:size=7680x4320:rate=25', '-frames:v', '1', ...h264, file);
}

/**
 * The cheap, endless source: 32x32 pixels at 1 frame a second for 6 hours, one flat colour,
 * some 300 KB. Each frame is tiny, so a 100 MB upload of the kind could ask for ~2,000 hours of output.
 */
export async function endlessTinyClip(file: string, seconds = 6 * 3600): Promise<void> {
  await ffmpeg('-f', 'lavfi', '-i', `color=c=navy:size=32x32:rate=1:duration=${seconds}`, ...h264, file);
}

/**
 * A frame size H.264 4:2:0 cannot carry (x264 refuses odd sizes), as VP9 in WebM can: 853x479 is
 * what a 480p screen recording cropped by one pixel looks like. Scaled after the source, since
 * testsrc2 itself only makes even sizes.
 */
export async function oddSizeWebm(file: string, width: number, height: number, seconds = 1): Promise<void> {
  await ffmpeg(
    ...testsrc('854x480', seconds),
    '-vf',
    `scale=${width}:${height}`,
    '-c:v',
    'libvpx-vp9',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-pix_fmt',
    'yuv420p',
    file,
  );
}

/** A plain clip with a display-matrix rotation, remuxed without re-encoding (as a phone writes it). */
export async function rotated(source: string, file: string, degrees: number): Promise<void> {
  await ffmpeg('-i', source, '-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, file);
}

/** Variable frame rate: 1 s at 25 fps, then 1 s at 10 fps, timestamps kept as they are. */
export async function variableFrameRate(file: string): Promise<void> {
  await ffmpeg(
    ...testsrc('320x240', 1, 25),
    ...testsrc('320x240', 1, 10),
    '-filter_complex',
    '[0:v][1:v]concat=n=2:v=1[v]',
    '-map',
    '[v]',
    '-fps_mode',
    'vfr',
    ...h264,
    file,
  );
}

/** HEVC Main 10 (yuv420p10le), tagged hvc1 as Apple devices write it. */
export async function hevc10(file: string, size = '640x360'): Promise<void> {
  await ffmpeg(
    ...testsrc(size, 1),
    '-c:v',
    'libx265',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p10le',
    '-tag:v',
    'hvc1',
    '-x265-params',
    'log-level=error',
    file,
  );
}

/** 12 s whose only keyframe is the first: no keyframe for the first 10 s (and none after). */
export async function sparseKeyframes(file: string): Promise<void> {
  await ffmpeg(
    ...testsrc('320x240', 12),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '1000',
    '-keyint_min',
    '1000',
    '-sc_threshold',
    '0',
    file,
  );
}

/** Two AAC tracks (440 Hz and 880 Hz) beside the picture. */
export async function twoAudioTracks(file: string): Promise<void> {
  await ffmpeg(
    ...testsrc('320x240', 1),
    ...sine(1, 440),
    ...sine(1, 880),
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-map',
    '2:a',
    ...h264,
    '-c:a',
    'aac',
    file,
  );
}

/**
 * 640x360 (with sound), its left half white and its right half black: after a quarter turn the
 * white half is on top or at the bottom, so a picture shows which way it was turned.
 */
export async function halfWhite(file: string): Promise<void> {
  await ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'color=white:size=320x360:rate=25:duration=1',
    '-f',
    'lavfi',
    '-i',
    'color=black:size=320x360:rate=25:duration=1',
    ...sine(1),
    '-filter_complex',
    '[0:v][1:v]hstack[v]',
    '-map',
    '[v]',
    '-map',
    '2:a',
    ...h264,
    '-c:a',
    'aac',
    file,
  );
}

/**
 * The mean brightness (0-255) of the top and bottom halves of the first frame, as ffmpeg shows it
 * (autorotated, as players show it).
 */
export async function topBottomLuma(input: string): Promise<[number, number]> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-v',
      'error',
      '-nostdin',
      '-i',
      input,
      '-frames:v',
      '1',
      '-vf',
      'scale=1:2:flags=area,format=gray',
      '-f',
      'rawvideo',
      '-',
    ],
    { encoding: 'buffer' },
  );
  // The frame was scaled to 1x2 gray: one byte for each half.
  const [top, bottom] = stdout;
  if (top === undefined || bottom === undefined) {
    throw new Error(`ffmpeg wrote ${stdout.length} bytes for a 1x2 gray frame, not 2`);
  }
  return [top, bottom];
}
