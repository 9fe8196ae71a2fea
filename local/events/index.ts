import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { guardListener } from '../lib/guard';
import type { Log } from '../lib/guard';
import { matchesEventPattern } from './pattern';

export { matchesEventPattern } from './pattern';
export { ratePeriodMs, startSchedule } from './schedule';
export type { ScheduleOptions } from './schedule';
import type { EventEnvelope } from './envelope';
export type { EventEnvelope } from './envelope';

export interface EventRule {
  name: string;
  target: string;
  pattern: Record<string, unknown>;
}

export interface EventEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
  time?: string;
}

/** The rules of terraform/event-patterns/*.json, the files Terraform reads too. */
export function loadEventRules(dir = path.resolve(__dirname, '..', '..', 'terraform', 'event-patterns')): EventRule[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const rule = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        target: string;
        pattern: Record<string, unknown>;
      };
      return { name: path.basename(file, '.json'), target: rule.target, pattern: rule.pattern };
    });
}

/** A default event bus: each put event goes to the target of every rule whose pattern matches. */
export class EventBus {
  /** One target that fails is logged, never thrown at the publisher nor in the way of other targets. */
  private readonly deliver: (target: string, event: EventEnvelope) => void;

  constructor(
    private readonly rules: EventRule[],
    private readonly context: { region: string; accountId: string; log?: Log },
    deliver: (target: string, event: EventEnvelope) => void,
  ) {
    this.deliver = guardListener(deliver, { what: (target) => `events: delivery to ${target}`, log: context.log });
  }

  putEvents(entries: EventEntry[]): Array<{ eventId: string; matchedRules: string[] }> {
    return entries.map((entry) => {
      const event: EventEnvelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.detailType,
        source: entry.source,
        account: this.context.accountId,
        time: entry.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: this.context.region,
        resources: entry.resources ?? [],
        detail: entry.detail,
      };
      const matched = this.rules.filter((rule) =>
        matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>),
      );
      for (const rule of matched) this.deliver(rule.target, event);
      return { eventId: event.id, matchedRules: matched.map((rule) => rule.name) };
    });
  }
}
