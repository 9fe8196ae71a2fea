import { UploadCancelledError } from './errors';

// The wait between a part's tries (common/retry-backoff.ts says how long), in the browser.

/** Resolves after `ms`, or rejects at once when the signal aborts (a pause during a backoff). */
export function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new UploadCancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UploadCancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
