import { randomUUID } from 'node:crypto';
import { guardListener } from '../lib/guard';
import type { Log } from '../lib/guard';
import type { EventEnvelope } from './envelope';

// EventBridge scheduled rules on one machine: a rate expression becomes a timer that hands the
// target a Scheduled Event, as EventBridge does. Cron expressions are not run locally.

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period of a rate expression, refusing what EventBridge refuses (rate(1 minutes), rate(5 hour)). */
export function ratePeriodMs(expression: string): number {
  const match = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(expression);
  if (!match) throw new Error(`${expression}: the local cloud runs rate(<value> <unit>) schedules only, not cron.`);
  const value = Number(match[1]);
  // EventBridge: the unit is singular for 1 and plural above it.
  if (value < 1 || (value === 1) === (match[3] === 's'))
    throw new Error(`${expression}: Parameter ScheduleExpression is not valid.`);
  // The pattern admits only the units UNIT_MS names.
  return value * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export interface ScheduleOptions {
  /** The rule's name, which the event's resources name by ARN. */
  rule: string;
  periodMs: number;
  context: { region: string; accountId: string };
  target: (event: EventEnvelope) => void;
  log?: Log;
}

/** Hands the target a Scheduled Event every period (the timer keeps no process alive); the result stops it. */
export function startSchedule(options: ScheduleOptions): () => void {
  const { region, accountId } = options.context;
  const fire = guardListener(
    () => {
      options.target({
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: accountId,
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: [`arn:aws:events:${region}:${accountId}:rule/${options.rule}`],
        detail: {},
      });
    },
    { what: `events: schedule ${options.rule}`, log: options.log },
  );
  const timer = setInterval(fire, options.periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
