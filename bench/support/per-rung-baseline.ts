import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Rung } from '../../functions/lib/ladder';

// bench:transcode's baseline: one ffmpeg process per rung, run one after another (how
// per-resolution job queues such as PeerTube's transcode), with the settings the local
// MediaConvert executor used before its ladder was tuned, frozen here so tuning the executor never
// moves the baseline: every rung scaled from the source (fit inside, pad), x264 veryfast for every
// size, QVBR as capped CRF (37 - 2 x quality, MaxBitrate, twice that as buffer), keyframes forced
// every 2 s, and the audio encoded again in every rung's process; the thumbnail rides with the
// first rung. Same file names as the executor's, so the SSIM pass reads both alike.

const run = promisify(execFile);

export interface BaselineJob {
  source: string;
  workDir: string;
  ladder: readonly Rung[];
  /** The thumbnail's frame size (the job's frame capture). */
  thumbnail: { width: number; height: number };
  audioBitrate: number;
}

const fitAndPad = (width: number, height: number) =>
  `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:-1:-1,setsar=1`;

function rungArgs(job: BaselineJob, rung: Rung, withThumbnail: boolean): string[] {
  const graph = withThumbnail
    ? `[0:v:0]split=2[s0][s1];[s0]${fitAndPad(rung.width, rung.height)}[v0];` +
      `[s1]fps=1/1:start_time=0,${fitAndPad(job.thumbnail.width, job.thumbnail.height)}[t1]`
    : `[0:v:0]split=1[s0];[s0]${fitAndPad(rung.width, rung.height)}[v0]`;
  const stem = path.join(job.workDir, `index_${rung.shortSide}p`);
  return [
    ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-nostats', '-i', job.source],
    ...['-filter_complex', graph, '-map', '[v0]', '-map', '0:a:0'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-crf', String(37 - 2 * rung.qvbrQuality), '-maxrate', String(rung.maxBitrate)],
    ...['-bufsize', String(2 * rung.maxBitrate), '-force_key_frames', 'expr:gte(t,n_forced*2)'],
    // Ten GOPs at the bench source's 30 fps, as the executor set it.
    ...['-g', '600', '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', String(job.audioBitrate), '-ac', '2', '-ar', '48000'],
    ...['-f', 'hls', '-hls_time', '6', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments'],
    ...['-start_number', '1', '-hls_segment_filename', `${stem}_%05d.ts`, `${stem}.m3u8`],
    ...(withThumbnail ? ['-map', '[t1]', '-frames:v', '1', '-q:v', '8', '-f', 'image2', '-start_number', '0'] : []),
    ...(withThumbnail ? [path.join(job.workDir, 'poster.%07d.jpg')] : []),
  ];
}

/** Every rung of the ladder, each by its own ffmpeg process, one after another. */
export async function runPerRungBaseline(ffmpeg: string, job: BaselineJob): Promise<void> {
  mkdirSync(job.workDir, { recursive: true });
  for (const [index, rung] of job.ladder.entries()) await run(ffmpeg, rungArgs(job, rung, index === 0));
}
