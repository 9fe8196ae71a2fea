import { setTimeout as sleep } from 'node:timers/promises';
import { partRange, partSizeOf } from '../../common/multipart-parts';
import type { SizedPartPlan } from '../../common/multipart-parts';
import { MAX_PART_URLS_PER_CALL } from './multipart-api';
import type { PartUrl } from './multipart-api';
import { PartUploadError, putPart } from './part-upload';
import type { TokenBucket } from './token-bucket';

// The parts of a multipart upload that S3 does not hold yet, a few at a time, each streamed from
// the file and retried with backoff on its own. URLs are signed in batches as they are needed
// (and again once they are about to expire, which a slow --bwlimit upload reaches).

export interface PartsProgress {
  /** Bytes S3 holds or that are on their way, over all parts. */
  bytes: number;
  /** Parts S3 holds. */
  partsDone: number;
}

export interface PartsUploadOptions {
  filePath: string;
  plan: SizedPartPlan;
  /** The parts S3 holds already (a resumed upload): those of the planned size are not sent again. */
  uploadedParts: ReadonlyArray<{ partNumber: number; size: number }>;
  /** createUploadPartUrls for these part numbers (at most 100). */
  signUrls: (partNumbers: number[]) => Promise<PartUrl[]>;
  /** Parts in flight at once. */
  concurrency?: number;
  bucket?: TokenBucket;
  /** Tries per part before the upload gives up. */
  attempts?: number;
  /** Wait before the given retry (1 for the first). */
  retryDelayMs?: (retry: number) => number;
  onProgress?: (progress: PartsProgress) => void;
  onRetry?: (retry: { partNumber: number; retry: number; delayMs: number; reason: string }) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export const DEFAULT_PART_CONCURRENCY = 4;
const DEFAULT_ATTEMPTS = 6;
/** A URL is signed again when it would expire this soon: S3 checks the expiry as the PUT begins. */
const URL_EXPIRY_MARGIN_MS = 60_000;

/** 1, 2, 4, 8, 16 s, at most 30 s, each a little shorter or longer so that parts do not retry in step. */
export function backoffDelayMs(retry: number, random = Math.random): number {
  return Math.min(30_000, 1000 * 2 ** (retry - 1)) * (0.8 + 0.4 * random());
}

/** The parts still to send, in order. */
export function missingParts(plan: SizedPartPlan, uploaded: PartsUploadOptions['uploadedParts']): number[] {
  const held = new Set(
    uploaded
      .filter(
        (part) =>
          part.partNumber >= 1 && part.partNumber <= plan.partCount && part.size === partSizeOf(plan, part.partNumber),
      )
      .map((part) => part.partNumber),
  );
  return Array.from({ length: plan.partCount }, (_, index) => index + 1).filter((number) => !held.has(number));
}

/** Bytes of the file S3 holds already, in parts that are not sent again. */
export function bytesHeld(plan: SizedPartPlan, uploaded: PartsUploadOptions['uploadedParts']): number {
  return plan.size - missingParts(plan, uploaded).reduce((sum, number) => sum + partSizeOf(plan, number), 0);
}

/** Resolves once S3 holds every part; rejects with the first part that could not be sent. */
export async function uploadParts(options: PartsUploadOptions): Promise<void> {
  const { plan } = options;
  const now = options.now ?? Date.now;
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const retryDelayMs = options.retryDelayMs ?? ((retry: number) => backoffDelayMs(retry));
  const queue = missingParts(plan, options.uploadedParts);
  let partsDone = plan.partCount - queue.length;
  let bytesDone = bytesHeld(plan, options.uploadedParts);
  const inFlight = new Map<number, number>();
  const report = () => {
    let bytes = bytesDone;
    for (const sent of inFlight.values()) bytes += sent;
    options.onProgress?.({ bytes, partsDone });
  };

  // One failed part stops the others: the run ends and a rerun resumes.
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;

  const urls = new Map<number, PartUrl>();
  let signing: Promise<void> | undefined;
  const expiresWithin = (number: number, marginMs: number) => {
    const url = urls.get(number);
    return url === undefined || Date.parse(url.expiresAt) - now() <= marginMs;
  };
  const signBatch = async (first: number) => {
    const numbers = [first, ...queue.filter((number) => expiresWithin(number, URL_EXPIRY_MARGIN_MS))];
    for (const url of await options.signUrls(numbers.slice(0, MAX_PART_URLS_PER_CALL))) urls.set(url.partNumber, url);
  };
  const urlFor = async (number: number): Promise<string> => {
    while (expiresWithin(number, URL_EXPIRY_MARGIN_MS)) {
      const mine = !signing;
      signing ??= signBatch(number).finally(() => (signing = undefined));
      await signing;
      // Signed just now for this part: good while it has not expired, however soon it will.
      if (mine) {
        if (expiresWithin(number, 0)) throw new Error(`createUploadPartUrls returned no usable URL for part ${number}`);
        break;
      }
    }
    return (urls.get(number) as PartUrl).url;
  };

  const send = async (number: number) => {
    const { start, end } = partRange(plan, number);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await putPart({
          url: await urlFor(number),
          filePath: options.filePath,
          start,
          end,
          bucket: options.bucket,
          signal,
          onSent: (sent) => {
            inFlight.set(number, sent);
            report();
          },
        });
        inFlight.delete(number);
        partsDone += 1;
        bytesDone += end - start;
        report();
        return;
      } catch (error) {
        inFlight.delete(number);
        report();
        if (signal.aborted) throw error;
        const reason = (error as Error).message;
        if (!(error instanceof PartUploadError) || !error.retryable || attempt >= attempts)
          throw new PartUploadError(
            `Part ${number} of ${plan.partCount} could not be sent${attempt > 1 ? ` in ${attempt} tries` : ''}: ${reason}`,
            false,
          );
        if (error.urlExpired) {
          urls.delete(number);
          continue;
        }
        const delayMs = retryDelayMs(attempt);
        options.onRetry?.({ partNumber: number, retry: attempt, delayMs, reason });
        await sleep(delayMs, undefined, { signal });
      }
    }
  };

  report();
  const worker = async () => {
    for (let number = queue.shift(); number !== undefined; number = queue.shift()) await send(number);
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? DEFAULT_PART_CONCURRENCY, queue.length) }, () =>
    worker().catch((error: unknown) => {
      failed.abort(error);
      throw error;
    }),
  );
  const results = await Promise.allSettled(workers);
  // The part that failed first, not the others it stopped.
  if (failed.signal.aborted) throw failed.signal.reason;
  const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}
