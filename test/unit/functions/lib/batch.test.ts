import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import { processPartialBatch, UnprocessableRecordError } from '../../../../functions/lib/batch';
import { sqsEvent } from '../../../support/sqs-event';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

function failing(bodies: string[]) {
  return async (record: SQSRecord) => {
    if (bodies.includes(record.body)) throw new Error(`${record.body} failed`);
  };
}

describe('processPartialBatch', () => {
  test('answers with the ids of the records that failed, and only those', async () => {
    const event = sqsEvent('a', 'b', 'c');

    const response = await processPartialBatch(event, failing(['b']), logger);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
  });

  test('a batch whose every record failed answers with every id rather than throwing', async () => {
    const event = sqsEvent('a', 'b');

    const response = await processPartialBatch(event, failing(['a', 'b']), logger);

    expect(response).toEqual({
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
    });
  });

  test('a record that can never succeed is dropped, not retried', async () => {
    const event = sqsEvent('not json', 'b');

    const response = await processPartialBatch(
      event,
      async (record) => {
        if (record.body === 'not json') throw new UnprocessableRecordError('The message is not JSON.');
      },
      logger,
    );

    expect(response).toEqual({ batchItemFailures: [] });
  });

  test('records run one at a time, in order', async () => {
    const log: string[] = [];

    await processPartialBatch(
      sqsEvent('a', 'b', 'c'),
      async (record) => {
        log.push(`start ${record.body}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${record.body}`);
      },
      logger,
    );

    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  test("each record's log entries carry its messageId and the keys it added, and none of the last record's", async () => {
    const lines: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const visible = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    const event = sqsEvent('a', 'b');

    try {
      await processPartialBatch(
        event,
        async (record) => {
          if (record.body === 'a') visible.appendKeys({ videoId: 'video-a' });
          visible.info(`processing ${record.body}`);
        },
        visible,
      );
    } finally {
      stdout.mockRestore();
    }

    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toEqual([
      expect.objectContaining({ message: 'processing a', messageId: event.Records[0]!.messageId, videoId: 'video-a' }),
      expect.objectContaining({ message: 'processing b', messageId: event.Records[1]!.messageId }),
    ]);
    expect(entries[1]).not.toHaveProperty('videoId');
  });
});
