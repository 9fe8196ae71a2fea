// The part loop of a multipart upload, for the web client and the demo CLI alike: the parts S3
// does not hold yet, a few at a time, each retried on its own with jittered backoff, URLs signed in
// batches as they are needed and again near their expiry. How a part's bytes travel (a Blob by
// fetch, a file by a Node stream), and which errors are whose, is the caller's.
import { heldParts, missingParts, partRange } from './multipart-parts';
import type { PartRange, SizedPartPlan, UploadedPart } from './multipart-parts';
import { PartNotSignedError, PartUrls } from './part-urls';
import type { SignedPart } from './part-urls';
import { PartsProgress } from './parts-progress';
import type { PartsProgressSnapshot } from './parts-progress';
import { computeBackoffMs } from './retry-backoff';
import type { RetryPolicy } from './retry-backoff';

/** What a failed try at a part calls for: nothing more, another try after a backoff, or a fresh URL at once. */
export type PartTryFailure = 'final' | 'transient' | 'url-expired';

export interface PartPut {
  partNumber: number;
  url: string;
  /** The part's bytes in the file. */
  range: PartRange;
  /** Aborts when the caller's signal does, or a sibling part failed for good. */
  signal: AbortSignal;
  /** Bytes of this try at the part sent so far. */
  onProgress: (loaded: number) => void;
}

export interface PartQueueOptions {
  plan: SizedPartPlan;
  /** What S3 holds already (a resumed upload): parts held as planned are not sent again. */
  uploadedParts: readonly UploadedPart[];
  /** Signs URLs for these parts. */
  sign: (partNumbers: number[]) => Promise<SignedPart[]>;
  /** Parts signed in one call. */
  signBatchSize?: number;
  /** One try at a part: resolves once S3 holds it. */
  put: (put: PartPut) => Promise<void>;
  /** Sorts a failed try (a PUT's or a signing's error); a part not signed at all is final already. */
  classify: (error: unknown) => PartTryFailure;
  /** What the upload stops with when a part fails for good: `final`, or out of tries. */
  giveUp: (failure: { partNumber: number; tries: number; error: unknown; final: boolean }) => unknown;
  /** Waits `ms`, or rejects at once when the signal aborts. */
  wait: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Pause, cancel, Ctrl-C: parts in flight are aborted, finished ones stay in S3. */
  signal?: AbortSignal;
  onProgress?: (progress: PartsProgressSnapshot) => void;
  /** Before each backoff. */
  onRetry?: (retry: { partNumber: number; retry: number; delayMs: number; error: unknown }) => void;
  /** Parts in flight at once. */
  concurrency: number;
  retry: RetryPolicy;
  /** Clocks and dice, for tests. */
  random?: () => number;
  now?: () => number;
}

/**
 * Sends every part S3 does not hold as planned. Resolves when all are sent. Rejects, once the parts
 * in flight have stopped, with the caller's abort reason when its signal aborted, else with the
 * first part's failure that retries could not get past (its siblings are then aborted, and what S3
 * holds stays for a resume).
 */
export async function runPartQueue(options: PartQueueOptions): Promise<void> {
  const { plan, signal: outer } = options;
  const queue = missingParts(plan, options.uploadedParts);
  const progress = new PartsProgress(plan, heldParts(plan, options.uploadedParts));
  const report = () => options.onProgress?.(progress.snapshot());
  const urls = new PartUrls({
    sign: options.sign,
    upcoming: () => queue,
    ...(options.now ? { now: options.now } : {}),
    ...(options.signBatchSize ? { batchSize: options.signBatchSize } : {}),
  });
  const stop = new AbortController();
  const stopAll = () => stop.abort(outer?.reason);
  outer?.addEventListener('abort', stopAll, { once: true });
  if (outer?.aborted) stopAll();

  async function tryPart(partNumber: number): Promise<void> {
    try {
      const { url } = await urls.urlFor(partNumber);
      stop.signal.throwIfAborted();
      await options.put({
        partNumber,
        url,
        range: partRange(plan, partNumber),
        signal: stop.signal,
        onProgress: (loaded) => {
          progress.partProgress(partNumber, loaded);
          report();
        },
      });
      progress.partDone(partNumber);
      report();
    } catch (error) {
      progress.partFailed(partNumber);
      report();
      throw error;
    }
  }

  async function sendPart(partNumber: number): Promise<void> {
    for (let tries = 1; ; tries += 1) {
      try {
        return await tryPart(partNumber);
      } catch (error) {
        if (stop.signal.aborted) throw error;
        const failure = error instanceof PartNotSignedError ? 'final' : options.classify(error);
        if (failure === 'final' || tries > options.retry.retries)
          throw options.giveUp({ partNumber, tries, error, final: failure === 'final' });
        // A URL past its time: a new one is all it takes, no reason to wait.
        if (failure === 'url-expired') {
          urls.forget(partNumber);
          continue;
        }
        const delayMs = computeBackoffMs(tries, options.retry, options.random);
        options.onRetry?.({ partNumber, retry: tries, delayMs, error });
        await options.wait(delayMs, stop.signal);
      }
    }
  }

  let failed: { error: unknown } | undefined;
  async function worker(): Promise<void> {
    while (queue.length > 0 && !stop.signal.aborted) {
      const partNumber = queue.shift()!;
      try {
        await sendPart(partNumber);
      } catch (error) {
        failed ??= { error };
        stop.abort(error);
        return;
      }
    }
  }

  report();
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', stopAll);
  }
  if (outer?.aborted) throw outer.reason;
  // The first failure is the cause; any others are its siblings, aborted because of it.
  if (failed) throw failed.error;
}
