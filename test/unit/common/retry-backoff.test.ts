import { computeBackoffMs, PART_RETRY_POLICY } from '../../../common/retry-backoff';

describe('computeBackoffMs', () => {
  test('doubles, is jittered within its upper half, and is capped', () => {
    const policy = { retries: 9, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((retry) => computeBackoffMs(retry, policy, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((retry) => computeBackoffMs(retry, policy, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    // Parts that fail together come back at different moments.
    expect(computeBackoffMs(2, policy, () => 0.1)).not.toBe(computeBackoffMs(2, policy, () => 0.9));
  });

  test("the parts' policy: six tries, the waits doubling from about a second, none over 30 s", () => {
    expect(PART_RETRY_POLICY.retries + 1).toBe(6);
    const waits = (random: number) =>
      Array.from({ length: PART_RETRY_POLICY.retries }, (_, index) =>
        computeBackoffMs(index + 1, PART_RETRY_POLICY, () => random),
      );
    expect(waits(0.5)).toEqual([750, 1500, 3000, 6000, 12_000]);
    expect(Math.max(...waits(1))).toBeLessThanOrEqual(30_000);
    const longest = waits(1).reduce((sum, ms) => sum + ms, 0);
    expect(longest).toBe(31_000);
    expect(computeBackoffMs(9, PART_RETRY_POLICY, () => 1)).toBe(30_000);
  });
});
