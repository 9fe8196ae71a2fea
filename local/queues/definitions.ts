import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { QueueSettings } from './queue';

export interface ConsumerDefinition {
  /** The Lambda it invokes; its timeout is in terraform/lambdas.json. */
  function: string;
  /** The longest one record may take; records of a batch run one after another. */
  recordBudgetSeconds: number;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  maximumConcurrency: number;
  reportBatchItemFailures: boolean;
}

export interface QueueDefinition extends QueueSettings {
  consumer?: ConsumerDefinition;
}

/** The queues of terraform/queues.json, the file Terraform reads too. */
export function loadQueueDefinitions(): QueueDefinition[] {
  const file = JSON.parse(
    readFileSync(path.resolve(__dirname, '..', '..', 'terraform', 'queues.json'), 'utf8'),
  ) as Record<string, Omit<QueueDefinition, 'name'> | string>;
  return Object.entries(file)
    .filter(([name]) => !name.startsWith('$'))
    .map(([name, definition]) => ({ ...(definition as Omit<QueueDefinition, 'name'>), name }));
}
