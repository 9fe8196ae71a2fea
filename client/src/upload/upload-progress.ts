import { computeRate, computeRemainingSeconds } from '../../../common/progress-rate';
import type { RateSample } from '../../../common/progress-rate';
import { formatBytes, formatDuration, formatRate } from '../format';

/** Bytes sent (`value`) at ms since the transfer began (`atMs`). */
export type TransferSample = RateSample;

export interface TransferProgress {
  loaded: number;
  total: number;
  percent: number;
  /** bytes per second over the recent window; undefined until there is enough to say */
  bytesPerSecond?: number;
  secondsLeft?: number;
}

/**
 * Speed over the last few seconds, not since the start (as the CLI measures it too): a stall or a burst
 * shows within moments, and the estimate of time left follows what the connection does now.
 * `loaded` is the bytes sent unless it differs: a multipart upload's parts held from before a
 * resume are loaded but were not sent now, and a retried part's lost bytes were sent but are not loaded.
 */
export function computeTransferProgress(
  samples: readonly TransferSample[],
  total: number,
  loaded: number = samples.at(-1)?.value ?? 0,
): TransferProgress {
  const percent = total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
  const bytesPerSecond = computeRate(samples);
  if (bytesPerSecond === undefined) return { loaded, total, percent };
  const secondsLeft = loaded < total ? computeRemainingSeconds(loaded, total, bytesPerSecond) : undefined;
  return { loaded, total, percent, bytesPerSecond, ...(secondsLeft === undefined ? {} : { secondsLeft }) };
}

/** "2.7 MB of 10.0 MB · 1.2 MB/s · 0:06 left" */
export function describeTransfer(progress: TransferProgress): string {
  const parts = [`${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`];
  if (progress.bytesPerSecond !== undefined) parts.push(formatRate(progress.bytesPerSecond));
  if (progress.secondsLeft !== undefined) parts.push(`${formatDuration(progress.secondsLeft)} left`);
  return parts.join(' · ');
}
