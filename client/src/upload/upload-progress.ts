import { formatBytes, formatDuration } from '../format';

export interface TransferSample {
  /** ms since the transfer began */
  at: number;
  loaded: number;
}

export interface TransferProgress {
  loaded: number;
  total: number;
  percent: number;
  /** bytes per second over the recent window; undefined until there is enough to say */
  bytesPerSecond?: number;
  secondsLeft?: number;
}

const WINDOW_MS = 3000;

/**
 * Speed over the last few seconds, not since the start: a stall or a burst shows within moments,
 * and the estimate of time left follows what the connection does now.
 */
export function computeTransferProgress(samples: TransferSample[], total: number): TransferProgress {
  const last = samples[samples.length - 1] ?? { at: 0, loaded: 0 };
  const percent = total > 0 ? Math.min(100, Math.floor((last.loaded / total) * 100)) : 0;
  const windowStart = samples.find((sample) => sample.at >= last.at - WINDOW_MS) ?? last;
  const elapsed = (last.at - windowStart.at) / 1000;
  if (elapsed < 0.25) return { loaded: last.loaded, total, percent };
  const bytesPerSecond = (last.loaded - windowStart.loaded) / elapsed;
  const secondsLeft = bytesPerSecond > 0 ? (total - last.loaded) / bytesPerSecond : undefined;
  return { loaded: last.loaded, total, percent, bytesPerSecond, secondsLeft };
}

/** "2.7 MB of 10 MB · 1.2 MB/s · 0:06 left" */
export function describeTransfer(progress: TransferProgress): string {
  const parts = [`${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`];
  if (progress.bytesPerSecond !== undefined) parts.push(`${formatBytes(Math.round(progress.bytesPerSecond))}/s`);
  if (progress.secondsLeft !== undefined) parts.push(`${formatDuration(progress.secondsLeft)} left`);
  return parts.join(' · ');
}
