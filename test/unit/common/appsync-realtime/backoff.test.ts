import { computeReconnectDelay } from '../../../../common/appsync-realtime';

describe('computeReconnectDelay', () => {
  const delay = (attempt: number, random: number) =>
    computeReconnectDelay({ attempt, initialDelayMs: 1000, maxDelayMs: 30_000, random });

  test('doubles per attempt, jittered between half and all of it', () => {
    expect([0, 1, 2, 3].map((attempt) => delay(attempt, 0))).toEqual([500, 1000, 2000, 4000]);
    expect(delay(2, 0.999999)).toBeCloseTo(4000, 0);
    expect(delay(2, 0.5)).toBe(3000);
  });

  test('never waits longer than maxDelayMs', () => {
    expect(delay(20, 0.999999)).toBeLessThanOrEqual(30_000);
    expect(delay(20, 0)).toBe(15_000);
  });
});
