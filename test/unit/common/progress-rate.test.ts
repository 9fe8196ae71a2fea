import { computeRate, computeRemainingSeconds, trimSamples } from '../../../common/progress-rate';
import type { RateSample } from '../../../common/progress-rate';

describe('rates and time left', () => {
  test('the rate over the last window, not since the start', () => {
    const samples: RateSample[] = [
      { atMs: 0, value: 0 },
      { atMs: 1000, value: 1000 },
      { atMs: 5000, value: 5000 },
      { atMs: 6000, value: 15_000 },
      { atMs: 7000, value: 25_000 },
    ];
    // Window 3 s back from 7000: from the sample at 5000 on.
    expect(computeRate(samples, 3000)).toBe(10_000);
    expect(computeRate(samples, 10_000)).toBeCloseTo(25_000 / 7);
  });

  test('no rate until two samples span some time; a lone recent sample uses the one before', () => {
    expect(computeRate([])).toBeUndefined();
    expect(computeRate([{ atMs: 5, value: 1 }])).toBeUndefined();
    expect(
      computeRate([
        { atMs: 5, value: 1 },
        { atMs: 5, value: 9 },
      ]),
    ).toBeUndefined();
    expect(
      computeRate(
        [
          { atMs: 0, value: 0 },
          { atMs: 10_000, value: 50 },
        ],
        3000,
      ),
    ).toBe(5);
  });

  test('trimming keeps what the window needs', () => {
    const samples: RateSample[] = Array.from({ length: 100 }, (_, index) => ({ atMs: index * 100, value: index }));
    trimSamples(samples, 3000);
    expect(samples[0]?.atMs).toBeLessThan(9900 - 3000);
    expect(samples[1]?.atMs).toBeGreaterThanOrEqual(9900 - 3000);
    expect(computeRate(samples, 3000)).toBeCloseTo(10);
  });

  test('time left', () => {
    expect(computeRemainingSeconds(25, 100, 5)).toBe(15);
    expect(computeRemainingSeconds(25, 100, undefined)).toBeUndefined();
    expect(computeRemainingSeconds(25, 100, 0)).toBeUndefined();
    expect(computeRemainingSeconds(100, 100, undefined)).toBe(0);
  });
});
