import { partRange } from '../../../common/multipart-parts';
import type { SizedPartPlan } from '../../../common/multipart-parts';
import { computeBackoffMs, PART_RETRY_POLICY, waitFor } from './backoff';
import type { RetryPolicy } from './backoff';
import { isRetryable, PartFailedError, PartRefusedError, UploadCancelledError } from './errors';
import { PartUrls } from './part-urls';
import type { SignedPart } from './part-urls';
import { PartsProgress } from './parts-progress';
import type { PartsProgressSnapshot } from './parts-progress';
import type { PutPartOptions } from './put-part';

/** What the part queue needs from the world: the API's signatures and S3's UploadPart. */
export interface PartTransport {
  signParts(videoId: string, partNumbers: number[]): Promise<SignedPart[]>;
  putPart(options: PutPartOptions): Promise<void>;
}

export interface SendPartsOptions {
  file: Blob;
  plan: SizedPartPlan & { videoId: string };
  /** Parts S3 already holds (a resumed upload): they are not sent again. */
  heldParts: readonly number[];
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

/**
 * Sends every part S3 does not hold yet, a few at a time, each retried with backoff. Resolves when
 * all are sent; rejects with UploadCancelledError once in-flight parts have stopped after the
 * signal aborted, or with the first part's error that retries could not get past (its siblings are
 * then aborted, and what S3 holds stays for a resume).
 */
export async function sendMissingParts(options: SendPartsOptions): Promise<void> {
  const { file, plan, transport, signal, onProgress } = options;
  const retry = options.retry ?? PART_RETRY_POLICY;
  const wait = options.wait ?? waitFor;
  const held = new Set(options.heldParts);
  const queue = Array.from({ length: plan.partCount }, (_, index) => index + 1).filter((n) => !held.has(n));
  const progress = new PartsProgress(plan, held);
  const urls = new PartUrls({
    sign: (partNumbers) => transport.signParts(plan.videoId, partNumbers),
    upcoming: () => queue,
    ...(options.now ? { now: options.now } : {}),
  });
  const stop = new AbortController();
  const stopAll = () => stop.abort();
  signal.addEventListener('abort', stopAll, { once: true });
  if (signal.aborted) stop.abort();
  const report = () => onProgress(progress.snapshot());

  async function sendPart(partNumber: number): Promise<void> {
    const { start, end } = partRange(plan, partNumber);
    for (let tries = 1; ; tries += 1) {
      try {
        const signed = await urls.urlFor(partNumber);
        if (stop.signal.aborted) throw new UploadCancelledError();
        await transport.putPart({
          url: signed.url,
          body: file.slice(start, end),
          signal: stop.signal,
          onProgress: (loaded) => {
            progress.partProgress(partNumber, loaded);
            report();
          },
        });
        progress.partDone(partNumber);
        report();
        return;
      } catch (error) {
        progress.partFailed(partNumber);
        report();
        if (stop.signal.aborted) throw new UploadCancelledError();
        if (!isRetryable(error)) throw error;
        if (tries > retry.retries) throw new PartFailedError(partNumber, plan.partCount, tries, error);
        if (error instanceof PartRefusedError && error.urlExpired) urls.forget(partNumber);
        await wait(computeBackoffMs(tries, retry, options.random), stop.signal);
      }
    }
  }

  const failures: unknown[] = [];
  async function worker(): Promise<void> {
    while (queue.length > 0 && !stop.signal.aborted) {
      const partNumber = queue.shift()!;
      try {
        await sendPart(partNumber);
      } catch (error) {
        failures.push(error);
        stop.abort();
        return;
      }
    }
  }

  report();
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? PART_CONCURRENCY, queue.length) }, worker));
  } finally {
    signal.removeEventListener('abort', stopAll);
  }
  if (signal.aborted) throw new UploadCancelledError();
  // The first failure is the cause; the others are its siblings, aborted because of it.
  if (failures.length > 0) throw failures[0];
}
