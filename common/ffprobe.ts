import { execFile } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import { buildInputAllowListArgs, describeRefusedContainer, PLAYLIST_REFUSAL } from './media-containers';
import { isPlaylist } from './playlist-head';

// ffprobe, run on a URL or a path, and its JSON: the pipeline's upload check (functions/) and the
// local MediaConvert's input reading (local/mediaconvert) ask it the same way.

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

/** A file in a container outside the allow-list (common/media-containers.ts), a playlist among them. */
export class UnsupportedInputError extends ProbeError {
  constructor(
    message: string,
    /** The demuxer ffmpeg found (its format_name), or "playlist" when only the text told. */
    readonly format: string,
  ) {
    super(message);
    this.name = 'UnsupportedInputError';
  }
}

/** Display rotation in degrees: the display matrix (side data) or the older rotate tag. */
export function streamRotation(stream: FfprobeStream): number {
  return (
    stream.side_data_list?.find((data) => typeof data.rotation === 'number')?.rotation ??
    Number(stream.tags?.rotate ?? 0)
  );
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

/**
 * ffprobe's arguments for one input: held to the allowed containers and to the protocols the input
 * itself needs. TLS options only for https: ffprobe refuses options no part of the input reads.
 */
export function buildFfprobeArgs(input: string, caFile?: string): string[] {
  const tls = caFile && /^https:/i.test(input) ? ['-tls_verify', '1', '-ca_file', caFile] : [];
  return [
    '-v',
    'error',
    ...tls,
    ...buildInputAllowListArgs(input),
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    input,
  ];
}

/**
 * ffprobe's complaints about the way to the file rather than the file: a name that does not resolve,
 * a refused or dropped connection, an HTTP error, a certificate that does not verify. An error to
 * retry (then the DLQ), never a FAILED verdict on an upload that may be fine.
 */
const TRANSPORT_FAILURE =
  /Failed to resolve hostname|Connection refused|Connection timed out|Connection reset|Network is unreachable|Server returned|mbedtls|certificate|tls_read|tls_write/i;

/** ffmpeg found this demuxer and the format allow-list refused it ("[hls @ 0x55d0] Format not on whitelist"). */
const REFUSED_FORMAT = /\[([\w,]+) @ (?:0x)?[0-9a-f]+\] Format not on whitelist/i;
/** A demuxer tried to open another file or address by a protocol the input does not use. */
const REFUSED_PROTOCOL = /Protocol '[\w+.-]+' not on whitelist/i;

interface FfprobeRun {
  error: ExecFileException | null;
  stdout: string;
  stderr: string;
}

function execute(ffprobePath: string, args: string[], timeoutMs: number): Promise<FfprobeRun> {
  return new Promise((resolve) => {
    execFile(ffprobePath, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ error, stdout, stderr }),
    );
  });
}

/** What a failed run means: an error to retry (not the file's fault) or a ProbeError with a reason for people. */
async function explainFailure(run: FfprobeRun, input: string, ffprobePath: string): Promise<Error> {
  const { error, stderr } = run;
  if (error?.code === 'ENOENT') return new Error(`ffprobe was not found at ${ffprobePath}: set FFPROBE_PATH`);
  if (error?.killed) return new ProbeError('Reading the file took too long: it may be damaged.');
  // A crash is ffprobe's fault, not the upload's: an error to retry and report, not a verdict.
  if (error?.signal) return new Error(`ffprobe crashed (${error.signal}) reading the file.`);
  const refused = REFUSED_FORMAT.exec(stderr);
  if (refused?.[1]) return new UnsupportedInputError(describeRefusedContainer(refused[1]), refused[1]);
  if (REFUSED_PROTOCOL.test(stderr)) return new UnsupportedInputError(PLAYLIST_REFUSAL, 'reference');
  if (TRANSPORT_FAILURE.test(stderr))
    return new Error(`ffprobe could not fetch the file: ${stderr.trim().split('\n').join(' ')}`);
  // An ffprobe without the hls and concat demuxers (the layer's) calls a playlist invalid data.
  if (await isPlaylist(input)) return new UnsupportedInputError(PLAYLIST_REFUSAL, 'playlist');
  return new ProbeError(
    /Invalid data|moov atom not found|could not find codec/i.test(stderr)
      ? 'The file is not a video that can be read, or it is damaged.'
      : `The file could not be read: ${stderr.trim().split('\n').pop() || 'unknown error'}`,
  );
}

/** ffprobe's JSON for a URL or path; failures as ProbeError with a reason for people. */
export async function runFfprobe(input: string, options: FfprobeOptions = {}): Promise<FfprobeOutput> {
  const ffprobePath = options.ffprobePath || process.env.FFPROBE_PATH || 'ffprobe';
  const run = await execute(
    ffprobePath,
    buildFfprobeArgs(input, options.caFile),
    options.timeoutMs ?? PROBE_TIMEOUT_MS,
  );
  if (run.error) throw await explainFailure(run, input, ffprobePath);
  try {
    return JSON.parse(run.stdout) as FfprobeOutput;
  } catch {
    throw new ProbeError('ffprobe gave an answer that is not JSON.');
  }
}
