import { setTimeout as sleep } from 'node:timers/promises';
import type { SizedPartPlan, UploadedPart } from '../../common/multipart-parts';
import { runPartQueue } from '../../common/part-queue';
import type { PartTryFailure } from '../../common/part-queue';
import type { PartsProgressSnapshot } from '../../common/parts-progress';
import { PART_RETRY_POLICY } from '../../common/retry-backoff';
import type { RetryPolicy } from '../../common/retry-backoff';
import { MAX_PART_URLS_PER_CALL } from './multipart-api';
import type { PartUrl } from './multipart-api';
import { PartUploadError, putPart } from './part-upload';
import type { TokenBucket } from './token-bucket';

// The parts of a multipart upload that S3 does not hold yet, each streamed from the file. The
// loop (a few at a time, retries with backoff, URLs signed in batches and again near their expiry,
// which a slow --bwlimit upload reaches) is common/part-queue.ts, shared with the web client.

export interface PartsUploadOptions {
  filePath: string;
  plan: SizedPartPlan;
  /** The parts S3 holds already (a resumed upload): those of the planned size are not sent again. */
  uploadedParts: readonly UploadedPart[];
  /** createUploadPartUrls for these part numbers (at most 100). */
  signUrls: (partNumbers: number[]) => Promise<PartUrl[]>;
  /** Parts in flight at once. */
  concurrency?: number;
  bucket?: TokenBucket;
  retry?: RetryPolicy;
  onProgress?: (progress: PartsProgressSnapshot) => void;
  onRetry?: (retry: { partNumber: number; retry: number; delayMs: number; reason: string }) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export const DEFAULT_PART_CONCURRENCY = 4;

/** A PUT's error says whether a retry may help; anything else (the API refusing to sign) is final. */
function classify(error: unknown): PartTryFailure {
  if (!(error instanceof PartUploadError) || !error.retryable) return 'final';
  return error.urlExpired ? 'url-expired' : 'transient';
}

/** Resolves once S3 holds every part; rejects with the first part that could not be sent. */
export async function uploadParts(options: PartsUploadOptions): Promise<void> {
  const { plan } = options;
  await runPartQueue({
    plan,
    uploadedParts: options.uploadedParts,
    sign: options.signUrls,
    signBatchSize: MAX_PART_URLS_PER_CALL,
    put: ({ url, range, signal, onProgress }) =>
      putPart({ url, filePath: options.filePath, ...range, bucket: options.bucket, signal, onSent: onProgress }),
    classify,
    giveUp: ({ partNumber, tries, error }) =>
      new PartUploadError(
        `Part ${partNumber} of ${plan.partCount} could not be sent${tries > 1 ? ` in ${tries} tries` : ''}: ${(error as Error).message}`,
        false,
      ),
    wait: (ms, signal) => sleep(ms, undefined, { signal }),
    signal: options.signal,
    onProgress: options.onProgress,
    onRetry: ({ partNumber, retry, delayMs, error }) =>
      options.onRetry?.({ partNumber, retry, delayMs, reason: (error as Error).message }),
    concurrency: options.concurrency ?? DEFAULT_PART_CONCURRENCY,
    retry: options.retry ?? PART_RETRY_POLICY,
    now: options.now,
  });
}
