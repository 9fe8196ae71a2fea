import { guardListener } from '../lib/guard';
import type { DurableQueue, ReceivedMessage } from './queue';

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: ReceivedMessage['attributes'];
  messageAttributes: Record<string, { stringValue: string; dataType: 'String' }>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

export interface ConsumerOptions {
  queue: DurableQueue;
  /** Where redriven messages go: the queue service's DLQ lookup. */
  redrive: (message: Parameters<Parameters<DurableQueue['receive']>[1]>[0]) => void;
  region: string;
  accountId: string;
  batchSize: number;
  maximumConcurrency?: number;
  pollIntervalMs?: number;
  invoke: (event: SqsEvent) => Promise<unknown>;
  log?: (line: string) => void;
}

export interface Consumer {
  /** Polls now instead of at the next tick (a message was just sent). */
  wake(): void;
  stop(): Promise<void>;
}

/** The ids a ReportBatchItemFailures response names, or null when the response is not one (whole batch failed). */
function failedIds(response: unknown, batch: SqsRecord[]): Set<string> | null {
  if (response === undefined || response === null) return new Set();
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined) return new Set();
  if (!Array.isArray(failures)) return null;
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown })?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !batch.some((record) => record.messageId === id)) return null;
    ids.add(id);
  }
  return ids;
}

/**
 * A Lambda event source mapping with ReportBatchItemFailures: polls, invokes with SQS's event
 * shape, deletes what succeeded. A thrown error, a timeout or an invalid response leaves the whole
 * batch to come back after the visibility timeout, as AWS documents.
 */
export function startConsumer(options: ConsumerOptions): Consumer {
  const arn = `arn:aws:sqs:${options.region}:${options.accountId}:${options.queue.settings.name}`;
  const concurrency = options.maximumConcurrency ?? 2;
  let running = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  const processBatch = async (messages: ReceivedMessage[]) => {
    const records: SqsRecord[] = messages.map((message) => ({
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: message.attributes,
      messageAttributes: Object.fromEntries(
        Object.entries(message.messageAttributes).map(([name, value]) => [
          name,
          { stringValue: value, dataType: 'String' as const },
        ]),
      ),
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: options.region,
    }));
    let failed: Set<string> | null;
    try {
      failed = failedIds(await options.invoke({ Records: records }), records);
      if (failed === null)
        options.log?.(
          `queues: ${options.queue.settings.name}: invalid batchItemFailures response; the whole batch will be retried`,
        );
    } catch (error) {
      options.log?.(
        `queues: ${options.queue.settings.name}: batch of ${records.length} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      failed = null;
    }
    if (failed === null) return;
    for (const record of records)
      if (!failed.has(record.messageId)) options.queue.deleteByReceipt(record.receiptHandle);
  };

  const receiveBatches = () => {
    while (running < concurrency) {
      const batch = options.queue.receive(options.batchSize, options.redrive);
      if (batch.length === 0) break;
      running += 1;
      const work = processBatch(batch)
        .catch((error: unknown) =>
          options.log?.(`queues: ${options.queue.settings.name}: batch failed: ${String(error)}`),
        )
        .finally(() => {
          running -= 1;
          inFlight.delete(work);
          schedule(0);
        });
      inFlight.add(work);
    }
  };

  const poll = () => {
    timer = undefined;
    if (stopped) return;
    // Guarded: a receive that fails (the queue's journal, say) is logged, and polling goes on.
    receive();
    schedule(options.pollIntervalMs ?? 100);
  };
  const receive = guardListener(receiveBatches, {
    what: `queues: ${options.queue.settings.name}: poll`,
    log: options.log,
  });

  const schedule = (delay: number) => {
    if (stopped || timer) return;
    timer = setTimeout(poll, delay);
  };

  schedule(0);
  return {
    wake: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      schedule(0);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
