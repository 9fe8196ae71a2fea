// The windows usage is counted in, and the counter items' keys (functions/lib/ports/usage-counter.ts).
// Fixed UTC windows: a counter starts again at each one's start, so up to twice a per-minute limit
// can fall within 60 s across a minute's end; what a window bounds is what it holds.

export type UsageCounterName = 'output-minutes' | 'upload-tickets';

export interface UsageWindow {
  /** The window's name in its counter's key: 2026-12-02 for a day, 2026-12-02T10:15 for a minute. */
  label: string;
  /** When the next window starts (ms since the epoch). */
  endsAt: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The UTC day `now` falls in. */
export function utcDay(now: number): UsageWindow {
  const start = Math.floor(now / DAY_MS) * DAY_MS;
  return { label: new Date(start).toISOString().slice(0, 10), endsAt: start + DAY_MS };
}

/** The UTC minute `now` falls in. */
export function utcMinute(now: number): UsageWindow {
  const start = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return { label: new Date(start).toISOString().slice(0, 16), endsAt: start + MINUTE_MS };
}

/**
 * A counter item's id in the videos table: usage#<counter>#<userId>#<window>. The prefix keeps it
 * apart from video ids (ULIDs) and from anything a client can name.
 */
export function usageKey(counter: UsageCounterName, userId: string, window: UsageWindow): string {
  return `usage#${counter}#${userId}#${window.label}`;
}
