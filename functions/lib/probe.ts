import { execFile } from 'node:child_process';
import type { SourceFacts } from './ladder';

// ffprobe's view of an upload, reduced to the facts the pipeline decides on, and the reasons a
// person understands when the upload cannot become a video.

export interface ProbeFacts extends SourceFacts {
  durationSeconds: number;
  videoCodec: string;
}

/** The largest frame the pipeline accepts, by its long side (DCI 4K). */
export const MAX_LONG_SIDE = 4096;

export interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ rotation?: number }>;
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; format_name?: string };
}

/** A file ffprobe could not make sense of, with a reason for people. */
export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** Display rotation in degrees: the display matrix (side data) or the older rotate tag. */
export function streamRotation(stream: FfprobeStream): number {
  return stream.side_data_list?.find((data) => typeof data.rotation === 'number')?.rotation ?? Number(stream.tags?.rotate ?? 0);
}

export function parseProbe(output: FfprobeOutput): ProbeFacts {
  const streams = output.streams ?? [];
  // Cover art in audio files is a "video" stream too; it is not a video.
  const video = streams.find((stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic);
  if (!video) throw new ProbeError(streams.some((stream) => stream.codec_type === 'audio') ? 'The file has sound but no picture: upload a video, not an audio file.' : 'The file has no video in it.');
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (width < 1 || height < 1) throw new ProbeError('The video has no frame size: the file may be damaged.');
  const rotation = streamRotation(video);
  const durationSeconds = Number(output.format?.duration ?? video.duration ?? 0);
  if (!(durationSeconds > 0)) throw new ProbeError('The video has no length: the file may be cut short or damaged.');
  if (Math.max(width, height) > MAX_LONG_SIDE) {
    throw new ProbeError(`The video is ${width}x${height}; the largest size accepted is ${MAX_LONG_SIDE} pixels on its long side.`);
  }
  return {
    width,
    height,
    rotation,
    hasAudio: streams.some((stream) => stream.codec_type === 'audio'),
    durationSeconds,
    videoCodec: video.codec_name ?? 'unknown',
  };
}

/** ffprobe's JSON for a URL or path; failures as ProbeError with a reason for people. */
export function runFfprobe(input: string, ffprobePath = process.env.FFPROBE_PATH || 'ffprobe', timeoutMs = 30_000): Promise<FfprobeOutput> {
  return new Promise((resolve, reject) => {
    execFile(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error(`ffprobe was not found at ${ffprobePath}: set FFPROBE_PATH`));
        if (error.killed) return reject(new ProbeError('Reading the file took too long: it may be damaged.'));
        // A crash is ffprobe's fault, not the upload's: an error to retry and report, not a verdict.
        if (error.signal) return reject(new Error(`ffprobe crashed (${error.signal}) reading the file.`));
        return reject(new ProbeError(/Invalid data|moov atom not found|could not find codec/i.test(stderr) ? 'The file is not a video that can be read, or it is damaged.' : `The file could not be read: ${stderr.trim().split('\n').pop() || 'unknown error'}`));
      }
      try {
        resolve(JSON.parse(stdout) as FfprobeOutput);
      } catch {
        reject(new ProbeError('ffprobe gave an answer that is not JSON.'));
      }
    });
  });
}

/** Runs ffprobe on a URL or path (a presigned GET URL in the Lambda) and parses what it finds. */
export async function probe(input: string, ffprobePath?: string, timeoutMs?: number): Promise<ProbeFacts> {
  return parseProbe(await runFfprobe(input, ffprobePath, timeoutMs));
}
