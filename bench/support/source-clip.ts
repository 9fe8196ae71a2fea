import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// The benchmarks' source: a 30 fps test card (1280x720 unless asked otherwise) with light temporal
// noise (so the encoder has real work) and a tone, made once per size and length with ffmpeg and
// kept under .data/bench/.

const run = promisify(execFile);

export const BENCH_DIR = path.resolve(__dirname, '..', '..', '.data', 'bench');

export interface ClipSize {
  width: number;
  height: number;
}

export async function makeSourceClip(
  ffmpeg: string,
  seconds: number,
  size: ClipSize = { width: 1280, height: 720 },
): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `source-${size.height}p-${seconds}s-v2.mp4`);
  if (existsSync(file)) return file;
  console.log(
    `making a ${seconds} s ${size.width}x${size.height} source (once; kept in ${path.relative(process.cwd(), BENCH_DIR)})`,
  );
  await run(ffmpeg, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size.width}x${size.height}:rate=30`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-vf',
    'noise=alls=4:allf=t',
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '20',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    `${file}.tmp.mp4`,
  ]);
  renameSync(`${file}.tmp.mp4`, file);
  return file;
}
