import { describe, expect, test } from '@jest/globals';
import { formatAge } from '../../client/src/format';
import { computeTransferProgress, describeTransfer } from '../../client/src/upload/upload-progress';

const MB = 1_000_000;

describe('computeTransferProgress', () => {
  test('no speed or time left until two samples span some time', () => {
    expect(computeTransferProgress([], 10 * MB)).toEqual({ loaded: 0, total: 10 * MB, percent: 0 });
    expect(computeTransferProgress([{ atMs: 0, value: MB }], 10 * MB)).toEqual({
      loaded: MB,
      total: 10 * MB,
      percent: 10,
    });
  });

  test('speed over the last 3 s and the time the rest takes at that speed', () => {
    const samples = [0, 1000, 2000, 3000, 4000].map((atMs, index) => ({ atMs, value: index * 2 * MB }));
    expect(computeTransferProgress(samples, 20 * MB)).toEqual({
      loaded: 8 * MB,
      total: 20 * MB,
      percent: 40,
      bytesPerSecond: 2 * MB,
      secondsLeft: 6,
    });
  });

  test('a stall shows at once: the old fast start does not count', () => {
    const samples = [
      { atMs: 0, value: 0 },
      { atMs: 1000, value: 5 * MB },
      { atMs: 5000, value: 5 * MB },
      { atMs: 6000, value: 5 * MB },
    ];
    const progress = computeTransferProgress(samples, 10 * MB);
    expect(progress.bytesPerSecond).toBe(0);
    expect(progress.secondsLeft).toBeUndefined();
  });

  test('a resumed upload: the parts held before count in the bar, not in the speed', () => {
    // 8 MB held from before the reload; 2 MB/s sent since.
    const sent = [0, 1000, 2000].map((atMs, index) => ({ atMs, value: index * 2 * MB }));
    expect(computeTransferProgress(sent, 20 * MB, 8 * MB + 4 * MB)).toEqual({
      loaded: 12 * MB,
      total: 20 * MB,
      percent: 60,
      bytesPerSecond: 2 * MB,
      secondsLeft: 4,
    });
  });

  test('the line shown under the bar', () => {
    expect(
      describeTransfer({ loaded: 2.7 * MB, total: 10 * MB, percent: 27, bytesPerSecond: 1.2 * MB, secondsLeft: 6.1 }),
    ).toBe('2.7 MB of 10.0 MB · 1.2 MB/s · 0:06 left');
    expect(describeTransfer({ loaded: 0, total: 512, percent: 0 })).toBe('0 B of 512 B');
  });
});

describe('formatAge', () => {
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
