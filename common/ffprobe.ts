import { execFile } from 'node:child_process';

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
