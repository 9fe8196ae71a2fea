import { DurableQueue } from './queue';
import type { QueueSettings, StoredMessage } from './queue';
import { startConsumer } from './consumer';
import type { Consumer, ConsumerOptions } from './consumer';

/** The local cloud's queues, with redrive between them. */
export class QueueService {
  private readonly queues = new Map<string, DurableQueue>();
  private readonly consumers = new Map<string, Consumer>();

  constructor(
    settings: QueueSettings[],
    dataDir: string,
    private readonly context: {
      region: string;
      accountId: string;
      log?: (line: string) => void;
      /** The queues' clock (epoch ms); default Date.now. */
      now?: () => number;
    },
  ) {
    for (const queue of settings) this.queues.set(queue.name, new DurableQueue(queue, dataDir, context.now));
  }

  has(name: string): boolean {
    return this.queues.has(name);
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  queue(name: string): DurableQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`No local queue named ${name}`);
    return queue;
  }

  send(name: string, body: string, attributes?: Record<string, string>): StoredMessage {
    const message = this.queue(name).send(body, attributes);
    this.consumers.get(name)?.wake();
    return message;
  }

  redrive(from: string): (message: StoredMessage) => void {
    return (message) => {
      const target = this.queue(from).settings.deadLetterQueue;
      if (!target) return;
      this.queue(target).adopt(message);
      this.context.log?.(
        `queues: message ${message.messageId} moved from ${from} to ${target} after ${message.receiveCount} receives`,
      );
    };
  }

  consume(
    name: string,
    options: Pick<ConsumerOptions, 'batchSize' | 'maximumConcurrency' | 'pollIntervalMs' | 'invoke'>,
  ): Consumer {
    const consumer = startConsumer({
      ...options,
      queue: this.queue(name),
      redrive: this.redrive(name),
      region: this.context.region,
      accountId: this.context.accountId,
      log: this.context.log,
    });
    this.consumers.set(name, consumer);
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.stop()));
  }
}
