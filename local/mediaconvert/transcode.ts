import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { ProbeError, UnsupportedInputError, runFfprobe, streamRotation } from '../../common/ffprobe';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { buildFfmpegPlan } from './ffmpeg-plan';
import type { FfmpegPlan, InputFacts, PlannedFrameCapture, PlannedHlsGroup } from './ffmpeg-plan';
import {
  buildCodecsString,
  buildMasterPlaylist,
  computeBandwidth,
  parseMediaPlaylist,
  readAvcCodec,
} from './hls-playlists';
import type { VariantStream } from './hls-playlists';
import { ERROR_CODES, JobFailure } from './job-failure';

// Runs a job's settings with ffmpeg on a local input file, leaving every output file in workDir:
// the part of the local MediaConvert that knows nothing of S3, so benchmarks can run it alone.

export interface TranscodeOptions {
  settings: JobSettings;
  inputFile: string;
  workDir: string;
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  /** Transcoding progress, 0-100, as ffmpeg reports its position. */
  onProgress?: (percent: number) => void;
  /** The plan, once the input is probed and before ffmpeg starts: where each output's files will be. */
  onPlanned?: (plan: FfmpegPlan) => void;
}

export interface ProducedFile {
  /** Path relative to workDir; the object key is the output's destination prefix + this. */
  file: string;
  bucket: string;
  key: string;
}

export interface HlsOutputResult {
  playlist: ProducedFile;
  width: number;
  height: number;
  durationInMs: number;
  averageBitrate: number;
}

export interface HlsGroupResult {
  type: 'HLS_GROUP';
  master: ProducedFile;
  outputs: HlsOutputResult[];
}

export interface FrameCaptureResult {
  type: 'FILE_GROUP';
  captures: ProducedFile[];
  width: number;
  height: number;
  durationInMs: number;
}

export interface TranscodeResult {
  input: InputFacts;
  groups: Array<HlsGroupResult | FrameCaptureResult>;
  /** Every file to upload, playlists last so no reader finds a playlist before its segments. */
  files: ProducedFile[];
}

function parseRate(rate: string | undefined): number {
  const [numerator, denominator] = (rate ?? '0/1').split('/').map(Number);
  // split yields at least one piece, so the numerator is always there.
  return denominator ? numerator! / denominator : 0;
}

/** The input as the executor needs it: display size, frame rate, length, audio. */
export async function readInputFacts(inputFile: string, ffprobe: string, rotate?: string): Promise<InputFacts> {
  let probed;
  try {
    probed = await runFfprobe(inputFile, { ffprobePath: ffprobe });
  } catch (error) {
    // A container outside the allow-list, a playlist above all: never opened, refused as
    // MediaConvert refuses what it does not take, and the job ends in ERROR.
    if (error instanceof UnsupportedInputError)
      throw new JobFailure(
        ERROR_CODES.unsupportedInput,
        `Unsupported input container [${error.format}]: ${error.message}`,
      );
    if (error instanceof ProbeError)
      throw new JobFailure(ERROR_CODES.inputUnreadable, `Failed probe/open: ${error.message}`);
    throw error;
  }
  const video = (probed.streams ?? []).find(
    (stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic,
  );
  if (!video || !video.width || !video.height)
    throw new JobFailure(ERROR_CODES.inputUnreadable, 'Failed probe/open: the input has no video stream.');
  const autorotate = rotate === undefined || rotate === 'AUTO';
  const explicit = { DEGREE_0: 0, DEGREES_90: 90, DEGREES_180: 180, DEGREES_270: 270 }[rotate ?? ''] ?? 0;
  const rotation = autorotate ? (((Math.round(streamRotation(video) / 90) * 90) % 360) + 360) % 360 : explicit;
  const swapped = rotation === 90 || rotation === 270;
  const durationSeconds = Number(probed.format?.duration ?? video.duration ?? 0);
  if (!(durationSeconds > 0))
    throw new JobFailure(ERROR_CODES.inputUnreadable, 'Failed probe/open: the input has no duration.');
  return {
    width: swapped ? video.height : video.width,
    height: swapped ? video.width : video.height,
    rotation,
    frameRate: parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate) || 25,
    durationSeconds,
    hasAudio: (probed.streams ?? []).some((stream) => stream.codec_type === 'audio'),
  };
}

function runFfmpeg(plan: FfmpegPlan, options: TranscodeOptions, durationSeconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.binaries.ffmpeg, plan.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const onAbort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match) options.onProgress?.(Math.min(100, (Number(match[1]) / 1e6 / durationSeconds) * 100));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`ffmpeg was not found at ${options.binaries.ffmpeg}: set FFMPEG_PATH`)
          : error,
      );
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(new JobFailure(0, 'canceled'));
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').slice(-3).join(' ') || `ffmpeg ended with ${signal ?? `code ${code}`}`;
      reject(new JobFailure(ERROR_CODES.transcodeFailed, `Transcoding failed: ${last}`));
    });
  });
}

/** The master playlist's CODECS for a variant, from its first segment's SPS. */
function segmentCodecs(file: string, hasAudio: boolean): string {
  const avc = readAvcCodec(readFileSync(file));
  if (!avc)
    throw new JobFailure(
      ERROR_CODES.transcodeFailed,
      `Transcoding produced a segment without H.264 parameters: ${path.basename(file)}.`,
    );
  return buildCodecsString(avc, hasAudio);
}

async function collectHlsGroup(
  group: PlannedHlsGroup,
  options: TranscodeOptions,
  input: InputFacts,
  files: ProducedFile[],
): Promise<HlsGroupResult> {
  const produced = (file: string): ProducedFile => ({
    file,
    bucket: group.destinationBucket,
    key: `${group.destinationPrefix}${file}`,
  });
  const variants: VariantStream[] = [];
  const outputs: HlsOutputResult[] = [];
  const playlists: ProducedFile[] = [];
  for (const output of group.outputs) {
    const playlistFile = `${output.stem}.m3u8`;
    const segments = parseMediaPlaylist(readFileSync(path.join(options.workDir, playlistFile), 'utf8')).map(
      (segment) => ({
        ...segment,
        bytes: statSync(path.join(options.workDir, segment.uri)).size,
      }),
    );
    const [firstSegment] = segments;
    if (!firstSegment)
      throw new JobFailure(ERROR_CODES.transcodeFailed, `Transcoding produced no segments for ${playlistFile}.`);
    const rates = computeBandwidth(segments);
    variants.push({
      uri: playlistFile,
      width: output.width,
      height: output.height,
      bandwidth: rates.bandwidth,
      averageBandwidth: rates.averageBandwidth,
      codecs: segmentCodecs(path.join(options.workDir, firstSegment.uri), output.hasAudio),
      frameRate: input.frameRate,
    });
    outputs.push({
      playlist: produced(playlistFile),
      width: output.width,
      height: output.height,
      durationInMs: Math.round(rates.durationSeconds * 1000),
      averageBitrate: rates.averageBandwidth,
    });
    files.push(...segments.map((segment) => produced(segment.uri)));
    playlists.push(produced(playlistFile));
  }
  const masterFile = `${group.basename}.m3u8`;
  writeFileSync(path.join(options.workDir, masterFile), buildMasterPlaylist(variants));
  const master = produced(masterFile);
  files.push(...playlists, master);
  return { type: 'HLS_GROUP', master, outputs };
}

function collectFrameCaptures(
  capture: PlannedFrameCapture,
  workDir: string,
  input: InputFacts,
  files: ProducedFile[],
): FrameCaptureResult {
  const prefix = `${capture.stem}.`;
  const captures = readdirSync(workDir)
    .filter((file) => file.startsWith(prefix) && /^\d{7}\.jpg$/.test(file.slice(prefix.length)))
    .sort()
    .map((file) => ({ file, bucket: capture.destinationBucket, key: `${capture.destinationPrefix}${file}` }));
  if (captures.length === 0)
    throw new JobFailure(ERROR_CODES.transcodeFailed, `Frame capture produced no image for ${capture.stem}.`);
  files.push(...captures);
  return {
    type: 'FILE_GROUP',
    captures,
    width: capture.width,
    height: capture.height,
    durationInMs: Math.round(input.durationSeconds * 1000),
  };
}

export async function transcode(options: TranscodeOptions): Promise<TranscodeResult> {
  mkdirSync(options.workDir, { recursive: true });
  const input = await readInputFacts(
    options.inputFile,
    options.binaries.ffprobe,
    options.settings.Inputs?.[0]?.VideoSelector?.Rotate,
  );
  const plan = buildFfmpegPlan(options.settings, {
    inputFile: options.inputFile,
    workDir: options.workDir,
    input,
  });
  options.onPlanned?.(plan);
  await runFfmpeg(plan, options, input.durationSeconds);
  const files: ProducedFile[] = [];
  const results = new Map<number, HlsGroupResult | FrameCaptureResult>();
  for (const group of plan.hlsGroups)
    results.set(group.groupIndex, await collectHlsGroup(group, options, input, files));
  for (const capture of plan.frameCaptures)
    results.set(capture.groupIndex, collectFrameCaptures(capture, options.workDir, input, files));
  // Playlists last: a reader never finds a playlist whose segments are not there yet.
  files.sort((a, b) => Number(a.file.endsWith('.m3u8')) - Number(b.file.endsWith('.m3u8')));
  return { input, groups: [...results.entries()].sort(([a], [b]) => a - b).map(([, result]) => result), files };
}
