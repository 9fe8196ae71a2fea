// How long to wait before trying again, for the upload's parts (web client and demo CLI) and the
// real-time client's reconnects: exponential, with jitter, capped.

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** The longest wait before the first retry; each later retry may wait twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Six tries over about a minute: a dropped Wi-Fi comes back, a dead link is said within reason. */
export const PART_RETRY_POLICY: RetryPolicy = { retries: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * The wait before retry number `retry` (1 for the first): exponential, with "equal jitter" (half
 * fixed, half random), so parts that failed together do not all come back at the same moment,
 * and every retry still waits longer than the one before on average.
 */
export function computeBackoffMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
