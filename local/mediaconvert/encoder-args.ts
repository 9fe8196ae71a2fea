import type { AacSettings, H264Settings } from '@aws-sdk/client-mediaconvert';
import type { FrameSize } from './scaling-chain';

// What each encoded stream's encoder is told, from the job's codec settings: the choices the job
// makes (rate control, GOP, profile, audio bit rate) are kept; the ones it leaves to the encoder
// (x264's motion search) are the executor's, and cost less where the frame has few pixels.
// Arguments are per stream (`-crf:v:2`), as every rung is a stream of one ffmpeg output.

const DEFAULT_GOP_SECONDS = 2;

/** x264 preset: MediaConvert's single-pass speed-optimized quality sits near veryfast. */
export const X264_PRESET = 'veryfast';

/**
 * Below this many pixels (1280x720's), x264 searches motion as its superfast preset does:
 * sub-pixel refinement 1 instead of 2, diamond instead of hexagon search, and no 8x8 inter
 * partitions (p8x8, b8x8). veryfast's lookahead and macroblock tree stay, which keep the bits: measured on the
 * benchmark's source, about 37% fewer instructions per rung at SSIM within 0.0002 and 20% more bits
 * (still capped by MaxBitrate). The transform and entropy coding (8x8 DCT, CABAC) are untouched:
 * they are what makes the stream the High profile the job asks for.
 */
export const FULL_SEARCH_MIN_PIXELS = 1280 * 720;
export const SMALL_FRAME_SEARCH = 'subme=1:me=dia:partitions=i8x8,i4x4';

/** QVBR quality 1-10 as x264's CRF: 7 (MediaConvert's suggestion for 720p) -> 23, 10 -> 17, 1 -> 35. */
export function qvbrToCrf(quality: number): number {
  return 37 - 2 * quality;
}

function rateControlArgs(h264: H264Settings, stream: string): string[] {
  if (h264.RateControlMode === 'QVBR') {
    const max = h264.MaxBitrate as number;
    return [
      `-crf:${stream}`,
      String(qvbrToCrf(h264.QvbrSettings?.QvbrQualityLevel ?? 7)),
      `-maxrate:${stream}`,
      String(max),
      `-bufsize:${stream}`,
      String(h264.HrdBufferSize ?? 2 * max),
    ];
  }
  const rate = h264.Bitrate as number;
  const max = h264.RateControlMode === 'VBR' ? (h264.MaxBitrate ?? rate) : rate;
  return [
    `-b:${stream}`,
    String(rate),
    `-maxrate:${stream}`,
    String(max),
    `-bufsize:${stream}`,
    String(h264.HrdBufferSize ?? 2 * max),
  ];
}

function gopSeconds(h264: H264Settings, frameRate: number): number {
  const size = h264.GopSize;
  if (!size) return DEFAULT_GOP_SECONDS;
  return h264.GopSizeUnits === 'FRAMES' ? size / frameRate : size;
}

const PROFILES: Record<string, string> = { BASELINE: 'baseline', MAIN: 'main', HIGH: 'high' };

/** The output's video stream `index` of its ffmpeg output, encoded with x264 at `frame`'s size. */
export function h264StreamArgs(index: number, h264: H264Settings, frame: FrameSize, frameRate: number): string[] {
  const stream = `v:${index}`;
  const gop = gopSeconds(h264, frameRate);
  return [
    `-c:${stream}`,
    'libx264',
    `-preset:${stream}`,
    X264_PRESET,
    ...(frame.width * frame.height < FULL_SEARCH_MIN_PIXELS ? [`-x264-params:${stream}`, SMALL_FRAME_SEARCH] : []),
    `-profile:${stream}`,
    PROFILES[h264.CodecProfile ?? 'HIGH'] ?? 'high',
    `-pix_fmt:${stream}`,
    'yuv420p',
    ...rateControlArgs(h264, stream),
    // Keyframes at the same instants in every rung, whatever the frame rate (also variable):
    // forced by time, with x264's own keyframe and scene-cut decisions out of the way.
    `-force_key_frames:${stream}`,
    `expr:gte(t,n_forced*${gop})`,
    `-g:${stream}`,
    String(Math.max(1, Math.round(gop * frameRate * 10))),
    `-sc_threshold:${stream}`,
    '0',
  ];
}

export interface AacEncoding {
  bitrate: number;
  channels: number;
  sampleRate: number;
}

/** What the AAC encoder is told; outputs asking for the same share one encode. */
export function aacEncoding(aac: AacSettings): AacEncoding {
  return {
    bitrate: aac.Bitrate ?? 96_000,
    channels: aac.CodingMode === 'CODING_MODE_1_0' ? 1 : 2,
    sampleRate: aac.SampleRate ?? 48_000,
  };
}

/** Audio stream `index` of its ffmpeg output. */
export function aacStreamArgs(index: number, encoding: AacEncoding): string[] {
  const stream = `a:${index}`;
  return [
    `-c:${stream}`,
    'aac',
    `-b:${stream}`,
    String(encoding.bitrate),
    `-ac:${stream}`,
    String(encoding.channels),
    `-ar:${stream}`,
    String(encoding.sampleRate),
  ];
}
