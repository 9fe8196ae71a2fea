import { runPartQueue } from '../../../common/part-queue';
import type { PartTryFailure } from '../../../common/part-queue';
import type { SizedPartPlan, UploadedPart } from '../../../common/multipart-parts';
import type { SignedPart } from '../../../common/part-urls';
import type { PartsProgressSnapshot } from '../../../common/parts-progress';
import { PART_RETRY_POLICY } from '../../../common/retry-backoff';
import type { RetryPolicy } from '../../../common/retry-backoff';
import { waitFor } from './backoff';
import { isRetryable, PartFailedError, PartRefusedError, UploadCancelledError } from './errors';
import type { PutPartOptions } from './put-part';

/** What the part queue needs from the world: the API's signatures and S3's UploadPart. */
export interface PartTransport {
  signParts(videoId: string, partNumbers: number[]): Promise<SignedPart[]>;
  putPart(options: PutPartOptions): Promise<void>;
}

export interface SendPartsOptions {
  file: Blob;
  plan: SizedPartPlan & { videoId: string };
  /** Parts S3 already holds (a resumed upload): those of the planned size are not sent again. */
  uploadedParts: readonly UploadedPart[];
  transport: PartTransport;
  /** Pause or cancel: in-flight parts are aborted, finished ones stay in S3. */
  signal: AbortSignal;
  onProgress: (progress: PartsProgressSnapshot) => void;
  /** Parts in flight at once. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Clocks and dice, for tests. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Four parts at a time fill a home uplink without one slow part holding up the rest. */
export const PART_CONCURRENCY = 4;
/** Parts signed in one API call: a small batch leaves few URLs to go stale on a slow link. */
const SIGN_BATCH = 20;

/** Our errors say whether a retry may help; anything else (a fetch TypeError) may. */
function classify(error: unknown): PartTryFailure {
  if (error instanceof PartRefusedError && error.urlExpired) return 'url-expired';
  return isRetryable(error) ? 'transient' : 'final';
}

/**
 * Sends every part S3 does not hold yet, a few at a time, each retried with backoff (the loop is
 * common/part-queue.ts, shared with the demo CLI). Resolves when all are sent; rejects with
 * UploadCancelledError once in-flight parts have stopped after the signal aborted, or with the
 * first part's error that retries could not get past (its siblings are then aborted, and what S3
 * holds stays for a resume).
 */
export async function sendMissingParts(options: SendPartsOptions): Promise<void> {
  const { file, plan, transport, signal } = options;
  try {
    await runPartQueue({
      plan,
      uploadedParts: options.uploadedParts,
      sign: (partNumbers) => transport.signParts(plan.videoId, partNumbers),
      signBatchSize: SIGN_BATCH,
      put: ({ url, range, signal: partSignal, onProgress }) =>
        transport.putPart({ url, body: file.slice(range.start, range.end), signal: partSignal, onProgress }),
      classify,
      giveUp: ({ partNumber, tries, error, final }) =>
        final ? error : new PartFailedError(partNumber, plan.partCount, tries, error),
      wait: options.wait ?? waitFor,
      signal,
      onProgress: options.onProgress,
      concurrency: options.concurrency ?? PART_CONCURRENCY,
      retry: options.retry ?? PART_RETRY_POLICY,
      random: options.random,
      now: options.now,
    });
  } catch (error) {
    throw signal.aborted ? new UploadCancelledError() : error;
  }
}
