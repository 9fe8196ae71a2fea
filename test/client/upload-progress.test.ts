import { describe, expect, test } from '@jest/globals';
import { formatAge, formatBitrate, formatBytes, formatDuration } from '../../client/src/format';
import { computeTransferProgress, describeTransfer } from '../../client/src/upload/upload-progress';

const MB = 1_000_000;

describe('computeTransferProgress', () => {
  test('no speed or time left until a quarter second of samples exists', () => {
    expect(computeTransferProgress([], 10 * MB)).toEqual({ loaded: 0, total: 10 * MB, percent: 0 });
    expect(computeTransferProgress([{ at: 0, loaded: 0 }, { at: 100, loaded: MB }], 10 * MB)).toEqual({ loaded: MB, total: 10 * MB, percent: 10 });
  });

  test('speed over the last 3 s and the time the rest takes at that speed', () => {
    const samples = [0, 1000, 2000, 3000, 4000].map((at, index) => ({ at, loaded: index * 2 * MB }));
    expect(computeTransferProgress(samples, 20 * MB)).toEqual({ loaded: 8 * MB, total: 20 * MB, percent: 40, bytesPerSecond: 2 * MB, secondsLeft: 6 });
  });

  test('a stall shows at once: the old fast start does not count', () => {
    const samples = [
      { at: 0, loaded: 0 },
      { at: 1000, loaded: 5 * MB },
      { at: 5000, loaded: 5 * MB },
      { at: 6000, loaded: 5 * MB },
    ];
    const progress = computeTransferProgress(samples, 10 * MB);
    expect(progress.bytesPerSecond).toBe(0);
    expect(progress.secondsLeft).toBeUndefined();
  });

  test('the line shown under the bar', () => {
    expect(describeTransfer({ loaded: 2.7 * MB, total: 10 * MB, percent: 27, bytesPerSecond: 1.2 * MB, secondsLeft: 6.1 })).toBe('2.7 MB of 10.0 MB · 1.2 MB/s · 0:06 left');
    expect(describeTransfer({ loaded: 0, total: 512, percent: 0 })).toBe('0 B of 512 B');
  });
});

describe('formats', () => {
  test('durations, sizes and bitrates', () => {
    expect([formatDuration(0), formatDuration(65.4), formatDuration(3725)]).toEqual(['0:00', '1:05', '1:02:05']);
    expect([formatBytes(999), formatBytes(1000), formatBytes(2_700_000), formatBytes(250 * MB), formatBytes(3.2e12)]).toEqual(['999 B', '1.0 kB', '2.7 MB', '250 MB', '3.2 TB']);
    expect([formatBitrate(3_000_000), formatBitrate(786_000)]).toEqual(['3.0 Mbps', '786 kbps']);
  });

  test('ages read the way people say them', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
    expect(formatAge(ago(10), now)).toBe('just now');
    expect(formatAge(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(formatAge(ago(3 * 3600), now)).toBe('3 hours ago');
    expect(formatAge(ago(26 * 3600), now)).toBe('yesterday');
    expect(formatAge(ago(400 * 86400), now)).toBe('last year');
  });
});
