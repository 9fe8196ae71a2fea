import path from 'node:path';
import type { JobSettings, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { buildInputAllowListArgs } from '../../common/media-containers';
import { aacEncoding, aacStreamArgs, h264StreamArgs } from './encoder-args';
import type { AacEncoding } from './encoder-args';
import { buildScalingChain } from './scaling-chain';
import type { ChainedOutput } from './scaling-chain';
import { TEE_MAX_MUXERS, teeFileName } from './tee-output';
import type { TeeMuxer } from './tee-output';

// A MediaConvert job as one ffmpeg process: decode once, scale each rung from the one above,
// encode every rung and the audio once, and write each rung's HLS stream (with that one audio) and
// every frame capture from the same decode. Pure: job settings and facts about the input in,
// arguments out. bench:transcode measures it against one process per rung.

export interface InputFacts {
  /** Display size: after rotation, as ffmpeg's autorotate decodes it. */
  width: number;
  height: number;
  /** Rotation the container asks for, in degrees (0, 90, 180, 270). */
  rotation: number;
  frameRate: number;
  durationSeconds: number;
  hasAudio: boolean;
}

export interface PlannedHlsOutput {
  groupIndex: number;
  outputIndex: number;
  width: number;
  height: number;
  hasAudio: boolean;
  /** <basename><NameModifier>: the variant playlist is <stem>.m3u8, its segments <stem>_00001.ts. */
  stem: string;
}

export interface PlannedHlsGroup {
  groupIndex: number;
  destinationBucket: string;
  destinationPrefix: string;
  /** The master playlist's name without .m3u8. */
  basename: string;
  segmentSeconds: number;
  outputs: PlannedHlsOutput[];
}

export interface PlannedFrameCapture {
  groupIndex: number;
  outputIndex: number;
  destinationBucket: string;
  destinationPrefix: string;
  /** Captures are <stem>.0000000.jpg, <stem>.0000001.jpg, ... */
  stem: string;
  width: number;
  height: number;
}

export interface FfmpegPlan {
  args: string[];
  hlsGroups: PlannedHlsGroup[];
  frameCaptures: PlannedFrameCapture[];
}

export interface PlanOptions {
  inputFile: string;
  /** Where ffmpeg writes; each output's files go straight under it. */
  workDir: string;
  input: InputFacts;
}

/** s3://bucket/prefix/name -> bucket, "prefix/", and name (empty when the URL ends in "/"). */
export function parseS3Destination(url: string): { bucket: string; prefix: string; name: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (!match) throw new Error(`${url} is not an s3:// URL`);
  // Both groups always take part in a match (the second may be empty).
  const [bucket, rest] = [match[1]!, match[2]!];
  const slash = rest.lastIndexOf('/');
  return { bucket, prefix: rest.slice(0, slash + 1), name: rest.slice(slash + 1) };
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

/** The frame size an output gets: its own Width/Height, else the input's, keeping the aspect. */
export function outputSize(
  output: Output,
  input: Pick<InputFacts, 'width' | 'height'>,
): { width: number; height: number } {
  const width = output.VideoDescription?.Width;
  const height = output.VideoDescription?.Height;
  if (width && height) return { width, height };
  if (width) return { width, height: even((width * input.height) / input.width) };
  if (height) return { width: even((height * input.width) / input.height), height };
  return { width: even(input.width), height: even(input.height) };
}

/** Explicit rotations; AUTO (and none) are left to ffmpeg's autorotate. */
function rotationFilter(rotate: string | undefined): { filter: string | null; noAutorotate: boolean } {
  switch (rotate) {
    case 'DEGREE_0':
      return { filter: null, noAutorotate: true };
    case 'DEGREES_90':
      return { filter: 'transpose=clock', noAutorotate: true };
    case 'DEGREES_180':
      return { filter: 'hflip,vflip', noAutorotate: true };
    case 'DEGREES_270':
      return { filter: 'transpose=cclock', noAutorotate: true };
    default:
      return { filter: null, noAutorotate: false };
  }
}

function inputBasename(inputFile: string): string {
  return path.basename(inputFile).replace(/\.[^.]*$/, '');
}

function planHlsGroup(group: OutputGroup, groupIndex: number, inputName: string, input: InputFacts): PlannedHlsGroup {
  const hls = group.OutputGroupSettings?.HlsGroupSettings ?? {};
  const destination = parseS3Destination(hls.Destination as string);
  const basename = destination.name || inputName;
  return {
    groupIndex,
    destinationBucket: destination.bucket,
    destinationPrefix: destination.prefix,
    basename,
    segmentSeconds: hls.SegmentLength ?? 10,
    outputs: (group.Outputs ?? []).map((output, outputIndex) => ({
      groupIndex,
      outputIndex,
      ...outputSize(output, input),
      hasAudio: input.hasAudio && (output.AudioDescriptions?.length ?? 0) > 0,
      stem: `${basename}${output.NameModifier ?? ''}`,
    })),
  };
}

function planFrameCaptures(
  group: OutputGroup,
  groupIndex: number,
  inputName: string,
  input: InputFacts,
): PlannedFrameCapture[] {
  const destination = parseS3Destination(group.OutputGroupSettings?.FileGroupSettings?.Destination as string);
  const basename = destination.name || inputName;
  return (group.Outputs ?? []).map((output, outputIndex) => ({
    groupIndex,
    outputIndex,
    destinationBucket: destination.bucket,
    destinationPrefix: destination.prefix,
    stem: `${basename}${output.NameModifier ?? ''}`,
    ...outputSize(output, input),
  }));
}

/** The job's output a plan entry was made from (planning indexed these same groups). */
function plannedOutput(groups: OutputGroup[], entry: { groupIndex: number; outputIndex: number }): Output {
  const output = groups[entry.groupIndex]?.Outputs?.[entry.outputIndex];
  if (!output)
    throw new Error(`The plan names output ${entry.outputIndex} of group ${entry.groupIndex}, which the job lacks.`);
  return output;
}

const isStretched = (output: Output) => output.VideoDescription?.ScalingBehavior === 'STRETCH_TO_OUTPUT';

interface PlannedRung {
  group: PlannedHlsGroup;
  planned: PlannedHlsOutput;
  /** The filter graph's pad with this rung's frames. */
  label: string;
}

/**
 * Rungs as video streams of one ffmpeg output, with the audio encoded once per AAC setting they ask
 * for (once, for the pipeline's jobs), written by a tee muxer: each rung's HLS output gets its video
 * and that shared audio.
 */
function teeOutputArgs(rungs: readonly PlannedRung[], groups: OutputGroup[], options: PlanOptions): string[] {
  const videoArgs: string[] = [];
  const audioStreams = new Map<string, { index: number; encoding: AacEncoding }>();
  const muxers: TeeMuxer[] = rungs.map(({ group, planned, label }, index) => {
    const output = plannedOutput(groups, planned);
    const h264 = output.VideoDescription?.CodecSettings?.H264Settings ?? {};
    videoArgs.push('-map', `[${label}]`, ...h264StreamArgs(index, h264, planned, options.input.frameRate));
    const streams = [`v:${index}`];
    if (planned.hasAudio) {
      const encoding = aacEncoding(output.AudioDescriptions?.[0]?.CodecSettings?.AacSettings ?? {});
      const key = JSON.stringify(encoding);
      const audio = audioStreams.get(key) ?? { index: audioStreams.size, encoding };
      audioStreams.set(key, audio);
      streams.push(`a:${audio.index}`);
    }
    return {
      streams,
      format: 'hls',
      options: [
        ['hls_time', String(group.segmentSeconds)],
        ['hls_playlist_type', 'vod'],
        ['hls_flags', 'independent_segments'],
        ['start_number', '1'],
        ['hls_segment_filename', path.join(options.workDir, `${planned.stem}_%05d.ts`)],
      ],
      file: path.join(options.workDir, `${planned.stem}.m3u8`),
    };
  });
  const audioArgs = [...audioStreams.values()].flatMap(({ index, encoding }) => [
    '-map',
    '0:a:0',
    ...aacStreamArgs(index, encoding),
  ]);
  return [...videoArgs, ...audioArgs, '-f', 'tee', teeFileName(muxers)];
}

/** Every HLS rung: its picture in the filter graph, and the tee outputs (as few as the tee's limit allows). */
function hlsOutputArgs(
  hlsGroups: readonly PlannedHlsGroup[],
  groups: OutputGroup[],
  options: PlanOptions,
): { chained: ChainedOutput[]; args: string[] } {
  const rungs = hlsGroups.flatMap((group) => group.outputs.map((planned) => ({ group, planned })));
  const labelled = rungs.map((rung, index) => ({ ...rung, label: `v${index}` }));
  const chained = labelled.map(({ planned, label }) => ({
    label,
    frame: { width: planned.width, height: planned.height },
    stretch: isStretched(plannedOutput(groups, planned)),
  }));
  const args: string[] = [];
  for (let start = 0; start < labelled.length; start += TEE_MAX_MUXERS)
    args.push(...teeOutputArgs(labelled.slice(start, start + TEE_MAX_MUXERS), groups, options));
  return { chained, args };
}

/** Each frame capture as an image2 output of its own, sampled before it is scaled. */
function frameCaptureOutputArgs(
  frameCaptures: readonly PlannedFrameCapture[],
  groups: OutputGroup[],
  workDir: string,
): { chained: ChainedOutput[]; args: string[] } {
  const chained: ChainedOutput[] = [];
  const args: string[] = [];
  frameCaptures.forEach((capture, index) => {
    const output = plannedOutput(groups, capture);
    const frameCapture = output.VideoDescription?.CodecSettings?.FrameCaptureSettings ?? {};
    const rate = `${frameCapture.FramerateNumerator ?? 1}/${frameCapture.FramerateDenominator ?? 1}`;
    chained.push({
      label: `t${index}`,
      frame: { width: capture.width, height: capture.height },
      stretch: isStretched(output),
      sampleFilter: `fps=${rate}:start_time=0`,
    });
    // Quality 1-100 onto the JPEG encoder's qscale 31 (worst) .. 2 (best).
    const qscale = Math.round(31 - ((frameCapture.Quality ?? 80) / 100) * 29);
    args.push(
      '-map',
      `[t${index}]`,
      ...(frameCapture.MaxCaptures ? ['-frames:v', String(frameCapture.MaxCaptures)] : []),
      '-q:v',
      String(qscale),
      '-f',
      'image2',
      '-start_number',
      '0',
      path.join(workDir, `${capture.stem}.%07d.jpg`),
    );
  });
  return { chained, args };
}

/** The whole job as one ffmpeg invocation, and where each output's files will be. */
export function buildFfmpegPlan(settings: JobSettings, options: PlanOptions): FfmpegPlan {
  const inputName = inputBasename(settings.Inputs?.[0]?.FileInput ?? options.inputFile);
  const groups = settings.OutputGroups ?? [];
  const hlsGroups: PlannedHlsGroup[] = [];
  const frameCaptures: PlannedFrameCapture[] = [];
  groups.forEach((group, index) => {
    if (group.OutputGroupSettings?.Type === 'HLS_GROUP_SETTINGS')
      hlsGroups.push(planHlsGroup(group, index, inputName, options.input));
    else frameCaptures.push(...planFrameCaptures(group, index, inputName, options.input));
  });

  const rotation = rotationFilter(settings.Inputs?.[0]?.VideoSelector?.Rotate);
  const hls = hlsOutputArgs(hlsGroups, groups, options);
  const captures = frameCaptureOutputArgs(frameCaptures, groups, options.workDir);
  const filters = buildScalingChain(
    '[0:v:0]',
    rotation.filter ? [rotation.filter] : [],
    { width: options.input.width, height: options.input.height },
    [...hls.chained, ...captures.chained],
  );

  const args = [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-progress',
    'pipe:1',
    '-nostats',
    ...(rotation.noAutorotate ? ['-noautorotate'] : []),
    // The input file itself and nothing it names: the probe's allow-lists (readInputFacts) again.
    ...buildInputAllowListArgs(options.inputFile),
    '-i',
    options.inputFile,
    '-filter_complex',
    filters.join(';'),
    ...hls.args,
    ...captures.args,
  ];
  return { args, hlsGroups, frameCaptures };
}
