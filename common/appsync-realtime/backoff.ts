import { computeBackoffMs } from '../retry-backoff';

export interface ReconnectOptions {
  /** First delay after a lost connection (default 1000 ms); doubles on each failed attempt. */
  initialDelayMs?: number;
  /** Longest delay between attempts (default 30 s). */
  maxDelayMs?: number;
  /** Attempts before the active subscriptions fail with ConnectionLostError (default: never give up; 0: never retry). */
  maxAttempts?: number;
}

export const DEFAULT_RECONNECT = { initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: Infinity } as const;

export interface ReconnectDelayOptions {
  /** Failed attempts so far (0 before the first retry). */
  attempt: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1): Math.random() outside tests. */
  random: number;
}

/**
 * Exponential backoff with jitter (half to full delay), so many clients do not return in step, as
 * AppSync's protocol guide asks.
 */
export function computeReconnectDelay({ attempt, initialDelayMs, maxDelayMs, random }: ReconnectDelayOptions): number {
  return computeBackoffMs(attempt + 1, { baseDelayMs: initialDelayMs, maxDelayMs }, () => random);
}
