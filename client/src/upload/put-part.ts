import { PartRefusedError, UploadGoneError } from './errors';
import { describeS3Refusal, isExpiredUrl, readS3Refusal } from './s3-refusal';
import { sendWithProgress } from './send-with-progress';

export interface PutPartOptions {
  /** The part's presigned UploadPart URL, signed for exactly body.size bytes. */
  url: string;
  body: Blob;
  onProgress: (loaded: number) => void;
  signal: AbortSignal;
}

/** S3 answers that may pass if the same part is sent again a moment later. */
const PASSING_CODES = new Set(['RequestTimeout', 'SlowDown', 'InternalError', 'ServiceUnavailable']);

/**
 * PUTs one part's bytes with no header of our own (the browser sets Content-Length, which the
 * URL's signature covers). The ETag S3 answers is not needed here: completion lists the parts.
 */
export async function putPart({ url, body, onProgress, signal }: PutPartOptions): Promise<void> {
  const answer = await sendWithProgress({ method: 'PUT', url, body, onProgress, signal });
  if (answer.status >= 200 && answer.status < 300) return onProgress(body.size);
  const refusal = readS3Refusal(answer.status, answer.body);
  if (refusal.code === 'NoSuchUpload') throw new UploadGoneError();
  const retryable =
    answer.status >= 500 || answer.status === 408 || answer.status === 429 || PASSING_CODES.has(refusal.code ?? '');
  throw new PartRefusedError(describeS3Refusal(refusal), { retryable, urlExpired: isExpiredUrl(refusal) });
}
