import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DurableQueue, QueueService } from '../../local/queues';
import type { SqsEvent } from '../../local/queues';
import { eventually } from '../support/eventually';

describe('local SQS semantics', () => {
  let dataDir: string;
  let service: QueueService;
  // The queues' clock: visibility timeouts pass when a test moves it, not while it sleeps.
  let clock: number;
  const settings = [
    {
      name: 'work',
      visibilityTimeoutSeconds: 0.3,
      messageRetentionSeconds: 3600,
      maxReceiveCount: 2,
      deadLetterQueue: 'work-dlq',
    },
    { name: 'work-dlq', visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
  ];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-queues-'));
    clock = Date.UTC(2026, 0, 1);
    service = new QueueService(settings, dataDir, {
      region: 'us-east-1',
      accountId: '000000000000',
      now: () => clock,
    });
  });
  afterEach(async () => {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an undeleted message comes back after the visibility timeout, with its receive count', () => {
    const queue = service.queue('work');
    queue.send('hello');
    const [first] = queue.receive(10, () => undefined);
    if (!first) throw new Error('The message just sent was not received.');
    expect(first.attributes.ApproximateReceiveCount).toBe('1');
    clock += 299;
    expect(queue.receive(10, () => undefined)).toEqual([]);
    clock += 2;
    const [again] = queue.receive(10, () => undefined);
    expect(again).toMatchObject({ body: 'hello', attributes: { ApproximateReceiveCount: '2' } });
    expect(queue.deleteByReceipt(first.receiptHandle)).toBe(false);
    expect(queue.deleteByReceipt(again!.receiptHandle)).toBe(true);
  });

  test('a consumer gets SQS events; only the records it reports failed come back, then go to the DLQ', async () => {
    const seen: string[] = [];
    service.consume('work', {
      batchSize: 10,
      invoke: async (event: SqsEvent) => {
        for (const record of event.Records) {
          expect(record).toMatchObject({
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:work',
            awsRegion: 'us-east-1',
          });
          seen.push(`${record.body}#${record.attributes.ApproximateReceiveCount}`);
        }
        return {
          batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({
            itemIdentifier: record.messageId,
          })),
        };
      },
    });
    for (const body of ['a', 'poison', 'b']) service.send('work', body);
    // The good records deleted, the failed one in flight until its visibility timeout passes.
    await eventually(() => expect(service.queue('work').counts()).toEqual({ visible: 0, inFlight: 1 }));
    clock += 301;
    await eventually(() => expect(seen).toContain('poison#2'));
    // Received maxReceiveCount (2) times: once visible again it moves to the DLQ instead.
    clock += 301;
    await eventually(() => expect(service.queue('work-dlq').counts().visible).toBe(1));
    expect(seen.filter((entry) => entry.startsWith('a') || entry.startsWith('b')).sort()).toEqual(['a#1', 'b#1']);
    expect(seen.filter((entry) => entry.startsWith('poison'))).toEqual(['poison#1', 'poison#2']);
    expect(service.queue('work').counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(service.queue('work-dlq').receive(1, () => undefined)[0]?.body).toBe('poison');
  });

  test('a thrown error or an invalid response fails the whole batch', async () => {
    let calls = 0;
    service.consume('work', {
      batchSize: 10,
      invoke: async (_event: SqsEvent) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        if (calls === 2) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
        return { batchItemFailures: [] };
      },
    });
    service.send('work', 'x');
    service.send('work', 'y');
    await eventually(() => expect(calls).toBe(1));
    clock += 301;
    await eventually(() => expect(calls).toBe(2));
    // Two failed deliveries reach maxReceiveCount 2: the batch moves to the DLQ instead of a third try.
    clock += 301;
    await eventually(() => expect(service.queue('work-dlq').counts().visible).toBe(2));
    expect(calls).toBe(2);
  });

  test('nothing sent is lost and nothing deleted returns after a SIGKILL', async () => {
    // The child's queue and the reopened one share a clock, stopped until this test moves it.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', 'support', 'queue-child.ts'), dataDir, String(clock)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const report = await new Promise<{ deleted: string; inFlight: string }>((resolve) =>
      child.stdout.once('data', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const reopened = new DurableQueue(
      { name: 'work', visibilityTimeoutSeconds: 1, messageRetentionSeconds: 3600 },
      dataDir,
      () => clock,
    );
    const visibleNow = reopened.receive(20, () => undefined).map((message) => message.body);
    expect(visibleNow).toHaveLength(8);
    expect(visibleNow).not.toContain(report.deleted);
    expect(visibleNow).not.toContain(report.inFlight);
    clock += 1001;
    // Once the visibility timeout has passed, the message that was in flight at the kill is back too.
    const later = reopened.receive(20, () => undefined).map((message) => message.body);
    expect(later).toHaveLength(9);
    expect(later).toContain(report.inFlight);
    expect(later).not.toContain(report.deleted);
  }, 20000);
});
