import path from 'node:path';
import type { H264Settings, JobSettings, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { buildInputAllowListArgs } from '../../common/media-containers';

// A MediaConvert job as one ffmpeg process: decode once, split the picture, scale and encode every
// HLS rung and every frame capture from the same decode (measured on this machine: ~1.5x faster
// than one process per rung). Pure: job settings and facts about the input in, arguments out.

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
  /** x264 preset: MediaConvert's single-pass speed-optimized quality sits near veryfast. */
  preset?: string;
}

const DEFAULT_GOP_SECONDS = 2;

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

/** QVBR quality 1-10 as x264's CRF: 7 (MediaConvert's suggestion for 720p) -> 23, 10 -> 17, 1 -> 35. */
export function qvbrToCrf(quality: number): number {
  return 37 - 2 * quality;
}

function rateControlArgs(h264: H264Settings): string[] {
  if (h264.RateControlMode === 'QVBR') {
    const max = h264.MaxBitrate as number;
    return [
      '-crf',
      String(qvbrToCrf(h264.QvbrSettings?.QvbrQualityLevel ?? 7)),
      '-maxrate',
      String(max),
      '-bufsize',
      String(h264.HrdBufferSize ?? 2 * max),
    ];
  }
  const rate = h264.Bitrate as number;
  const max = h264.RateControlMode === 'VBR' ? (h264.MaxBitrate ?? rate) : rate;
  return ['-b:v', String(rate), '-maxrate', String(max), '-bufsize', String(h264.HrdBufferSize ?? 2 * max)];
}

function gopSeconds(h264: H264Settings, frameRate: number): number {
  const size = h264.GopSize;
  if (!size) return DEFAULT_GOP_SECONDS;
  return h264.GopSizeUnits === 'FRAMES' ? size / frameRate : size;
}

const PROFILES: Record<string, string> = { BASELINE: 'baseline', MAIN: 'main', HIGH: 'high' };

function videoCodecArgs(output: Output, options: PlanOptions): string[] {
  const h264 = output.VideoDescription?.CodecSettings?.H264Settings ?? {};
  const gop = gopSeconds(h264, options.input.frameRate);
  return [
    '-c:v',
    'libx264',
    '-preset',
    options.preset ?? 'veryfast',
    '-profile:v',
    PROFILES[h264.CodecProfile ?? 'HIGH'] ?? 'high',
    '-pix_fmt',
    'yuv420p',
    ...rateControlArgs(h264),
    // Keyframes at the same instants in every rung, whatever the frame rate (also variable):
    // forced by time, with x264's own keyframe and scene-cut decisions out of the way.
    '-force_key_frames',
    `expr:gte(t,n_forced*${gop})`,
    '-g',
    String(Math.max(1, Math.round(gop * options.input.frameRate * 10))),
    '-sc_threshold',
    '0',
  ];
}

function audioCodecArgs(output: Output): string[] {
  const aac = output.AudioDescriptions?.[0]?.CodecSettings?.AacSettings ?? {};
  const channels = aac.CodingMode === 'CODING_MODE_1_0' ? '1' : '2';
  return [
    '-c:a',
    'aac',
    '-b:a',
    String(aac.Bitrate ?? 96_000),
    '-ac',
    channels,
    '-ar',
    String(aac.SampleRate ?? 48_000),
  ];
}

/** The scale filter MediaConvert's DEFAULT scaling amounts to: fit inside, pad the rest black. */
function scaleFilter(output: Output, size: { width: number; height: number }): string {
  if (output.VideoDescription?.ScalingBehavior === 'STRETCH_TO_OUTPUT')
    return `scale=${size.width}:${size.height},setsar=1`;
  return `scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease,pad=${size.width}:${size.height}:-1:-1,setsar=1`;
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
  const branches = hlsGroups.reduce((count, group) => count + group.outputs.length, 0) + frameCaptures.length;
  const labels = Array.from({ length: branches }, (_, index) => `s${index}`);
  const filters = [
    `[0:v:0]${rotation.filter ? `${rotation.filter},` : ''}split=${branches}${labels.map((label) => `[${label}]`).join('')}`,
  ];
  const outputArgs: string[] = [];
  let branch = 0;

  for (const group of hlsGroups) {
    for (const planned of group.outputs) {
      const output = plannedOutput(groups, planned);
      const label = `v${branch}`;
      filters.push(`[${labels[branch]}]${scaleFilter(output, planned)}[${label}]`);
      branch += 1;
      outputArgs.push(
        '-map',
        `[${label}]`,
        ...(planned.hasAudio ? ['-map', '0:a:0'] : []),
        ...videoCodecArgs(output, options),
        ...(planned.hasAudio ? audioCodecArgs(output) : []),
        '-f',
        'hls',
        '-hls_time',
        String(group.segmentSeconds),
        '-hls_playlist_type',
        'vod',
        '-hls_flags',
        'independent_segments',
        '-start_number',
        '1',
        '-hls_segment_filename',
        path.join(options.workDir, `${planned.stem}_%05d.ts`),
        path.join(options.workDir, `${planned.stem}.m3u8`),
      );
    }
  }

  for (const capture of frameCaptures) {
    const output = plannedOutput(groups, capture);
    const frameCapture = output.VideoDescription?.CodecSettings?.FrameCaptureSettings ?? {};
    const rate = `${frameCapture.FramerateNumerator ?? 1}/${frameCapture.FramerateDenominator ?? 1}`;
    const label = `t${branch}`;
    filters.push(`[${labels[branch]}]fps=${rate}:start_time=0,${scaleFilter(output, capture)}[${label}]`);
    branch += 1;
    // Quality 1-100 onto the JPEG encoder's qscale 31 (worst) .. 2 (best).
    const qscale = Math.round(31 - ((frameCapture.Quality ?? 80) / 100) * 29);
    outputArgs.push(
      '-map',
      `[${label}]`,
      ...(frameCapture.MaxCaptures ? ['-frames:v', String(frameCapture.MaxCaptures)] : []),
      '-q:v',
      String(qscale),
      '-f',
      'image2',
      '-start_number',
      '0',
      path.join(options.workDir, `${capture.stem}.%07d.jpg`),
    );
  }

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
    ...outputArgs,
  ];
  return { args, hlsGroups, frameCaptures };
}
