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

/**
 * The smallest frame the pipeline accepts, on each side. MediaConvert takes output widths and
 * heights from 32 to 8192 (local/mediaconvert/validate-settings.ts says so too), and a source below
 * 240 gets one rung at its own size: a smaller side would make a CreateJob that MediaConvert refuses
 * with BadRequestException, which process-upload treats as an error to retry, so the upload stayed
 * PROCESSING until the queue gave up (a 1x1 video did). Refused here instead, with the sizes.
 */
export const MIN_SIDE = 32;

/**
 * Demuxers of single images: ffprobe reads a PNG/JPEG/... as one "video" frame without a length.
 * image2 reads files by extension; image2pipe and the <codec>_pipe ones recognise the bytes (a
 * presigned URL has no extension), e.g. png_pipe, jpeg_pipe, webp_pipe. (yuv4mpegpipe, a video, has
 * no underscore; an animated GIF or PNG is read by the gif and apng demuxers, with a length.)
 */
const STILL_IMAGE_FORMAT = /^(image2|image2pipe|[a-z0-9]+_pipe)$/;

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
  return (
    stream.side_data_list?.find((data) => typeof data.rotation === 'number')?.rotation ??
    Number(stream.tags?.rotate ?? 0)
  );
}

export function parseProbe(output: FfprobeOutput): ProbeFacts {
  const streams = output.streams ?? [];
  // Cover art in audio files is a "video" stream too; it is not a video.
  const video = streams.find((stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic);
  if (!video)
    throw new ProbeError(
      streams.some((stream) => stream.codec_type === 'audio')
        ? 'The file has sound but no picture: upload a video, not an audio file.'
        : 'The file has no video in it.',
    );
  // First: a picture has no length and, to a probe that does not decode images, no size either;
  // "damaged" would mislead.
  if (STILL_IMAGE_FORMAT.test(output.format?.format_name ?? ''))
    throw new ProbeError('The file is a still picture, not a video: upload a video, not an image.');
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (width < 1 || height < 1) throw new ProbeError('The video has no frame size: the file may be damaged.');
  const rotation = streamRotation(video);
  const durationSeconds = Number(output.format?.duration ?? video.duration ?? 0);
  if (!(durationSeconds > 0)) throw new ProbeError('The video has no length: the file may be cut short or damaged.');
  if (Math.max(width, height) > MAX_LONG_SIDE) {
    throw new ProbeError(
      `The video is ${width}x${height}; the largest size accepted is ${MAX_LONG_SIDE} pixels on its long side.`,
    );
  }
  if (Math.min(width, height) < MIN_SIDE) {
    throw new ProbeError(
      `The video is ${width}x${height}; the smallest size accepted is ${MIN_SIDE} pixels on each side.`,
    );
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

/** How long one probe may take before the file is called unreadable (terraform/queues.json budgets it). */
export const PROBE_TIMEOUT_MS = 30_000;

export interface FfprobeOptions {
  /** Default: FFPROBE_PATH, else ffprobe on PATH. */
  ffprobePath?: string;
  /**
   * The CA bundle HTTPS is verified with (the layer's etc/ssl/certs/ca-bundle.pem). ffprobe does
   * not verify a server's certificate unless told to, and the probe reads untrusted bytes: a
   * presigned URL is only as good as the TLS that carries it.
   */
  caFile?: string;
  /** Default: PROBE_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** ffprobe's arguments for one input. TLS options only for https: ffprobe refuses options no part of the input reads. */
export function buildFfprobeArgs(input: string, caFile?: string): string[] {
  const tls = caFile && /^https:/i.test(input) ? ['-tls_verify', '1', '-ca_file', caFile] : [];
  return ['-v', 'error', ...tls, '-print_format', 'json', '-show_format', '-show_streams', input];
}

/**
 * ffprobe's complaints about the way to the file rather than the file: a name that does not resolve,
 * a refused or dropped connection, an HTTP error, a certificate that does not verify. An error to
 * retry (then the DLQ), never a FAILED verdict on an upload that may be fine.
 */
const TRANSPORT_FAILURE =
  /Failed to resolve hostname|Connection refused|Connection timed out|Connection reset|Network is unreachable|Server returned|mbedtls|certificate|tls_read|tls_write/i;

/** ffprobe's JSON for a URL or path; failures as ProbeError with a reason for people. */
export function runFfprobe(input: string, options: FfprobeOptions = {}): Promise<FfprobeOutput> {
  const ffprobePath = options.ffprobePath || process.env.FFPROBE_PATH || 'ffprobe';
  return new Promise((resolve, reject) => {
    execFile(
      ffprobePath,
      buildFfprobeArgs(input, options.caFile),
      { timeout: options.timeoutMs ?? PROBE_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT')
            return reject(new Error(`ffprobe was not found at ${ffprobePath}: set FFPROBE_PATH`));
          if (error.killed) return reject(new ProbeError('Reading the file took too long: it may be damaged.'));
          // A crash is ffprobe's fault, not the upload's: an error to retry and report, not a verdict.
          if (error.signal) return reject(new Error(`ffprobe crashed (${error.signal}) reading the file.`));
          if (TRANSPORT_FAILURE.test(stderr))
            return reject(new Error(`ffprobe could not fetch the file: ${stderr.trim().split('\n').join(' ')}`));
          return reject(
            new ProbeError(
              /Invalid data|moov atom not found|could not find codec/i.test(stderr)
                ? 'The file is not a video that can be read, or it is damaged.'
                : `The file could not be read: ${stderr.trim().split('\n').pop() || 'unknown error'}`,
            ),
          );
        }
        try {
          resolve(JSON.parse(stdout) as FfprobeOutput);
        } catch {
          reject(new ProbeError('ffprobe gave an answer that is not JSON.'));
        }
      },
    );
  });
}

/** Runs ffprobe on a URL or path (a presigned GET URL in the Lambda) and parses what it finds. */
export async function probe(input: string, options?: FfprobeOptions): Promise<ProbeFacts> {
  return parseProbe(await runFfprobe(input, options));
}
