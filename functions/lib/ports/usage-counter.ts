/** One addition to a usage counter (functions/lib/usage-windows.ts names the counters). */
export interface UsageIncrement {
  /** The counter, e.g. usage#upload-tickets#<userId>#2026-12-02T10:15: one per user and window. */
  key: string;
  amount: number;
  /** The most the counter may hold: an addition that would go past it is refused whole. */
  limit: number;
  /** When the counter's window is over, in seconds since the epoch: its item may go then. */
  expiresAtEpochSeconds: number;
  /** Counted once: the same id again is answered as counted and adds nothing (redeliveries). */
  requestId?: string;
}

export interface UsageCount {
  /** False: the addition would have passed the limit, and nothing was added. */
  counted: boolean;
  /** What the counter holds now. */
  total: number;
}

/** Counters of what users spend, each bounded: the check and the addition are one atomic step. */
export interface UsageCounter {
  add(increment: UsageIncrement): Promise<UsageCount>;
}
