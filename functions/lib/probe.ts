import { ProbeError, UnsupportedInputError, runFfprobe, streamRotation } from '../../common/ffprobe';
import { describeRefusedContainer, isAllowedContainer } from '../../common/media-containers';
import type { FfprobeOptions, FfprobeOutput } from '../../common/ffprobe';
import type { SourceFacts } from './ladder';

// ffprobe's view of an upload, reduced to the facts the pipeline decides on, and the reasons a
// person understands when the upload cannot become a video.

export interface ProbeFacts extends SourceFacts {
  durationSeconds: number;
  /** Frames a second on average (0 when ffprobe cannot say). */
  frameRate: number;
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

/** "30000/1001" -> 29.97; undefined for "0/0" and anything else that is no rate. */
function parseFrameRate(rate: string | undefined): number | undefined {
  const [numerator, denominator] = (rate ?? '').split('/').map(Number);
  const value = denominator === undefined ? numerator : (numerator ?? NaN) / denominator;
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
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
  // First: ffprobe's allow-list already refuses other containers; this holds any output to it, and
  // a picture (no length and, to a probe that does not decode images, no size) is named as one
  // rather than "damaged".
  const formatName = output.format?.format_name ?? '';
  if (!isAllowedContainer(formatName))
    throw new UnsupportedInputError(describeRefusedContainer(formatName), formatName);
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
    // The average is what the job's outputs keep (FramerateControl INITIALIZE_FROM_SOURCE); the
    // base rate stands in where a container gives no average.
    frameRate: parseFrameRate(video.avg_frame_rate) ?? parseFrameRate(video.r_frame_rate) ?? 0,
    videoCodec: video.codec_name ?? 'unknown',
  };
}

/** Runs ffprobe on a URL or path (a presigned GET URL in the Lambda) and parses what it finds. */
export async function probe(input: string, options?: FfprobeOptions): Promise<ProbeFacts> {
  return parseProbe(await runFfprobe(input, options));
}
