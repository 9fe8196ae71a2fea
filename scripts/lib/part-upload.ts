import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readS3Error, s3ErrorSentence } from './s3-error-document';
import { throttle } from './token-bucket';
import type { TokenBucket } from './token-bucket';

// One part of a multipart upload: its byte range of the file, streamed from disk to a presigned
// UploadPart URL by PUT with no header but Content-Length (the URL is signed for exactly that
// length), through the --bwlimit bucket when there is one.

export interface PutPartOptions {
  url: string;
  filePath: string;
  /** First byte of the part in the file. */
  start: number;
  /** One past its last byte. */
  end: number;
  bucket?: TokenBucket;
  /** Bytes of this part handed to the socket so far (this attempt). */
  onSent?: (bytes: number) => void;
  signal?: AbortSignal;
  /** A connection with no traffic for this long is given up (and retried). */
  idleTimeoutMs?: number;
}

/** Why a PUT failed, and whether trying again (with a fresh URL, when it expired) may help. */
export class PartUploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly urlExpired = false,
  ) {
    super(message);
    this.name = 'PartUploadError';
  }
}

const READ_BYTES = 256 * 1024;
/** Connections that never opened (a reset mid-part is a failed connection, not an absent server). */
const NOBODY_THERE = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN'];

function refusal(status: number, body: string): PartUploadError {
  const { code, message } = readS3Error(body);
  const sentence = s3ErrorSentence(status, body, 'The part');
  // A URL signed 15 minutes ago: sign it again. Throttling and server trouble pass.
  if (status === 403 && /expired/i.test(message ?? '')) return new PartUploadError(sentence, true, true);
  return new PartUploadError(sentence, status >= 500 || status === 408 || status === 429 || code === 'SlowDown');
}

/** Resolves once S3 holds the part (HTTP 200). */
export async function putPart(options: PutPartOptions): Promise<void> {
  const size = options.end - options.start;
  const url = new URL(options.url);
  const transport = url.protocol === 'https:' ? https : http;
  const request = transport.request(url, {
    method: 'PUT',
    headers: { 'content-length': size },
    signal: options.signal,
  });
  request.setTimeout(options.idleTimeoutMs ?? 60_000, () =>
    request.destroy(new PartUploadError('The connection went silent.', true)),
  );
  const answered = new Promise<void>((resolve, reject) => {
    // Also after the body is sent: a connection lost while S3 stores the part.
    request.on('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => {
        const status = response.statusCode ?? 0;
        if (status === 200) resolve();
        else reject(refusal(status, Buffer.concat(chunks).toString('utf8')));
      });
      response.once('error', reject);
    });
  });
  // A refusal can come before the body is all sent; the answer then says more than the broken pipe.
  answered.catch(() => undefined);

  let sent = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      options.onSent?.(sent);
      done(null, chunk);
    },
    flush(done) {
      done(sent === size ? null : new PartUploadError(`The file changed size while it was being uploaded.`, false));
    },
  });
  const source = createReadStream(options.filePath, {
    start: options.start,
    end: options.end - 1,
    highWaterMark: options.bucket?.chunkBytes ?? READ_BYTES,
  });
  try {
    await (options.bucket
      ? pipeline(source, throttle(options.bucket, options.signal), count, request)
      : pipeline(source, count, request));
  } catch (error) {
    const refused = await Promise.race([
      answered.then(
        () => undefined,
        (reason: unknown) => reason,
      ),
      settle(),
    ]);
    throw describe(refused ?? error, options, url);
  }
  try {
    await answered;
  } catch (error) {
    throw describe(error, options, url);
  }
}

/** Gives a response already on its way a moment to arrive. */
function settle(): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), 50));
}

function describe(error: unknown, options: PutPartOptions, url: URL): Error {
  if (error instanceof PartUploadError) return error;
  if (options.signal?.aborted) return options.signal.reason instanceof Error ? options.signal.reason : (error as Error);
  const { code, message } = error as { code?: string; message?: string };
  if (code && NOBODY_THERE.includes(code)) return new PartUploadError(`S3 at ${url.origin} does not answer.`, true);
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
    return new PartUploadError(`Could not read ${options.filePath}: ${message ?? code}.`, false);
  // A connection cut mid-part (EPIPE, a reset, a proxy): the next attempt starts the part over.
  return new PartUploadError(`The connection failed: ${message ?? String(error)}.`, true);
}
