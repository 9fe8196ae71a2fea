import { ratePeriodMs, startSchedule } from '../../../../local/events/schedule';
import type { EventEnvelope } from '../../../../local/events';

describe('EventBridge schedules, locally', () => {
  test('a rate expression is its period; the unit is singular for 1 and plural above, as EventBridge requires', () => {
    expect(ratePeriodMs('rate(1 minute)')).toBe(60_000);
    expect(ratePeriodMs('rate(5 minutes)')).toBe(300_000);
    expect(ratePeriodMs('rate(2 hours)')).toBe(7_200_000);
    expect(ratePeriodMs('rate(1 day)')).toBe(86_400_000);
    for (const invalid of ['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)'])
      expect(() => ratePeriodMs(invalid)).toThrow(`${invalid}: Parameter ScheduleExpression is not valid.`);
  });

  test('cron expressions are refused rather than never run', () => {
    expect(() => ratePeriodMs('cron(0 12 * * ? *)')).toThrow(
      'cron(0 12 * * ? *): the local cloud runs rate(<value> <unit>) schedules only, not cron.',
    );
  });

  test('each period hands the target a Scheduled Event from its rule, until stopped', () => {
    // Prepare
    jest.useFakeTimers({ now: new Date('2026-01-02T03:04:05.678Z') });
    const events: EventEnvelope[] = [];
    const stop = startSchedule({
      rule: 'videopipe-watchdog',
      periodMs: 60_000,
      context: { region: 'us-east-1', accountId: '000000000000' },
      target: (event) => events.push(event),
    });
    try {
      // Act
      jest.advanceTimersByTime(120_000);
      stop();
      jest.advanceTimersByTime(120_000);
    } finally {
      jest.useRealTimers();
    }
    // Assess
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-01-02T03:05:05Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/videopipe-watchdog'],
      detail: {},
    });
  });
});
