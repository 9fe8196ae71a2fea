// The containers an upload may be in, and the arguments that hold ffprobe and ffmpeg to them and to
// the input itself. The pipeline's probe (functions/lib/probe.ts) and the local MediaConvert's
// ffprobe and ffmpeg (local/mediaconvert) read every input with the same lists, so the probe
// refuses what the transcoder would refuse.
//
// Why: ffmpeg picks its demuxer from the bytes, not from the Content-Type. A text HLS playlist (or
// an ffconcat list) uploaded as video/mp4 was read by the hls (concat) demuxer, which opens every
// file or URL the text names: http:// segments made the probe send requests from inside the
// network, file:/// ones made the local transcoder publish a file of the machine as a video.

export interface VideoContainer {
  /** ffmpeg's run-time name of the demuxer: what -format_whitelist and ffprobe's format_name use. */
  demuxer: string;
  /** The same demuxer's name for ./configure --enable-demuxer (the ffprobe layer's build). */
  configureName: string;
  /** The file types people know it by, for the refusal sentence. */
  label: string;
  /**
   * The extensions (lower case, with the dot) an upload in it may have, each with the Content-Type
   * it is sent with: video/*, the only types the upload ticket takes. What the web client and the
   * demo CLI accept (common/video-file-types.ts), so neither offers what the probe would refuse.
   */
  fileTypes: Readonly<Record<string, string>>;
}

/**
 * MediaConvert's video input containers (its "Supported input codecs and containers" table) that
 * the product takes (scripts/lib/video-file.ts lists their extensions). Each demuxer reads one
 * self-contained file and opens nothing else. Left out on purpose: HLS and IMF (a manifest that
 * names other files: what the allow-list exists to refuse), MXF (a broadcast format no uploader
 * here sends; the layer carries no demuxer for it), and bare elementary streams (no container, no
 * length). Ogg is not in MediaConvert's video table (only its audio one), so an .ogv is refused.
 */
export const VIDEO_CONTAINERS: readonly VideoContainer[] = [
  // MPEG-4 and QuickTime: MP4, M4V, F4V, MOV, 3GP, 3G2 (format_name "mov,mp4,m4a,3gp,3g2,mj2").
  // Its external data references (drefs) stay off, ffmpeg's default.
  {
    demuxer: 'mov',
    configureName: 'mov',
    label: 'MP4, MOV, 3GP',
    fileTypes: {
      '.mp4': 'video/mp4',
      '.m4v': 'video/x-m4v',
      '.mov': 'video/quicktime',
      '.qt': 'video/quicktime',
      '.3gp': 'video/3gpp',
      '.3g2': 'video/3gpp2',
    },
  },
  {
    demuxer: 'matroska',
    configureName: 'matroska',
    label: 'MKV, WebM',
    fileTypes: { '.mkv': 'video/x-matroska', '.webm': 'video/webm' },
  },
  { demuxer: 'avi', configureName: 'avi', label: 'AVI', fileTypes: { '.avi': 'video/x-msvideo' } },
  { demuxer: 'asf', configureName: 'asf', label: 'WMV', fileTypes: { '.wmv': 'video/x-ms-wmv' } },
  { demuxer: 'flv', configureName: 'flv', label: 'FLV', fileTypes: { '.flv': 'video/x-flv' } },
  // MPEG program streams and MPEG-1 system streams (MPG, VOB).
  {
    demuxer: 'mpeg',
    configureName: 'mpegps',
    label: 'MPEG',
    fileTypes: { '.mpg': 'video/mpeg', '.mpeg': 'video/mpeg' },
  },
  // MPEG transport streams, 188- and 192-byte packets (TS, MTS, M2TS).
  {
    demuxer: 'mpegts',
    configureName: 'mpegts',
    label: 'MPEG-TS',
    fileTypes: { '.ts': 'video/mp2t', '.mts': 'video/mp2t', '.m2ts': 'video/mp2t' },
  },
  // A GIF's type is image/gif, which the upload ticket refuses: read when it comes as video/*, never offered.
  { demuxer: 'gif', configureName: 'gif', label: 'GIF', fileTypes: {} },
];

/**
 * The protocols reading `input` needs, and no more; a nested open (a playlist's segment, a
 * reference) is held to the same list by ffmpeg. A presigned URL is https (tls over tcp) on AWS and
 * http against the local S3; anything else is a path on this machine.
 */
export function inputProtocols(input: string): string[] {
  if (/^https:/i.test(input)) return ['https', 'tls', 'tcp'];
  if (/^http:/i.test(input)) return ['http', 'tcp'];
  return ['file'];
}

/** ffprobe's and ffmpeg's input options (before the input) that hold them to the two lists. */
export function buildInputAllowListArgs(input: string): string[] {
  return [
    '-protocol_whitelist',
    inputProtocols(input).join(','),
    '-format_whitelist',
    VIDEO_CONTAINERS.map((container) => container.demuxer).join(','),
  ];
}

/** ffprobe's format_name (one demuxer's comma-separated names) is one of the allowed containers. */
export function isAllowedContainer(formatName: string): boolean {
  const names = formatName.split(',');
  return VIDEO_CONTAINERS.some((container) => names.includes(container.demuxer));
}

export const PLAYLIST_REFUSAL = 'The file is a playlist, not a video: upload the video file itself.';
const STILL_PICTURE_REFUSAL = 'The file is a still picture, not a video: upload a video, not an image.';

/** Demuxers whose input names other files or addresses to read: a playlist or a manifest. */
const REFERENCING_DEMUXERS = new Set(['hls', 'concat', 'dash', 'imf', 'sdp']);

/**
 * Demuxers of single images: image2 reads files by extension; image2pipe and the <codec>_pipe ones
 * recognise the bytes (a presigned URL has no extension), e.g. png_pipe, jpeg_pipe, webp_pipe.
 * (yuv4mpegpipe, a video, has no underscore.)
 */
const STILL_PICTURE_DEMUXER = /^(image2|image2pipe|[a-z0-9]+_pipe)$/;

/** Why a file ffmpeg read as `formatName` (not an allowed container) cannot become a video. */
export function describeRefusedContainer(formatName: string): string {
  const names = formatName.split(',');
  if (names.some((name) => REFERENCING_DEMUXERS.has(name))) return PLAYLIST_REFUSAL;
  if (names.some((name) => STILL_PICTURE_DEMUXER.test(name))) return STILL_PICTURE_REFUSAL;
  const labels = VIDEO_CONTAINERS.map((container) => container.label);
  return `The file's format (${formatName}) cannot be converted: upload a video in ${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}.`;
}
