import { countOutputMinutes } from '../../../../functions/lib/output-minutes';
import { usageKey, utcDay, utcMinute } from '../../../../functions/lib/usage-windows';

describe('usage windows', () => {
  const now = Date.parse('2026-12-02T10:15:42.123Z');

  test('a UTC day and a UTC minute: their labels and when the next one starts', () => {
    expect(utcDay(now)).toEqual({ label: '2026-12-02', endsAt: Date.parse('2026-12-03T00:00:00.000Z') });
    expect(utcMinute(now)).toEqual({ label: '2026-12-02T10:15', endsAt: Date.parse('2026-12-02T10:16:00.000Z') });
    // The last millisecond of a window is still in it; the next one starts a new count.
    expect(utcMinute(Date.parse('2026-12-02T10:15:59.999Z')).label).toBe('2026-12-02T10:15');
    expect(utcDay(Date.parse('2026-12-03T00:00:00.000Z')).label).toBe('2026-12-03');
  });

  test('counter keys name the counter, the user and the window, apart from any video id', () => {
    expect(usageKey('upload-tickets', 'sub-1', utcMinute(now))).toBe('usage#upload-tickets#sub-1#2026-12-02T10:15');
    expect(usageKey('output-minutes', 'sub-1', utcDay(now))).toBe('usage#output-minutes#sub-1#2026-12-02');
  });
});

describe('countOutputMinutes', () => {
  test('source length times renditions, at least 10 s an output, rounded up to whole minutes', () => {
    expect(countOutputMinutes(6 * 60, 4)).toBe(24);
    expect(countOutputMinutes(61, 1)).toBe(2);
    // 0.5 s at two renditions is billed as 2 x 10 s.
    expect(countOutputMinutes(0.5, 2)).toBe(1);
    // The 6-hour source at one rung would have asked for 360 minutes.
    expect(countOutputMinutes(21_600, 1)).toBe(360);
  });
});
