import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';

// Partial batch responses for SQS-fed Lambdas (Powertools' BatchProcessor habit): one function per
// record, only the failed ids go back, and the batch as a whole never throws.

/**
 * A record that can never succeed (not JSON, not the expected shape). Retrying it would only move
 * it to the DLQ later, so it is logged and dropped instead.
 */
export class UnprocessableRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableRecordError';
  }
}

export async function processPartialBatch(
  event: SQSEvent,
  processRecord: (record: SQSRecord) => Promise<void>,
  logger: Logger,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  // One at a time: events of one video often share a batch, and in order they rarely collide.
  for (const record of event.Records) {
    logger.appendKeys({ messageId: record.messageId });
    try {
      await processRecord(record);
    } catch (error) {
      if (error instanceof UnprocessableRecordError) {
        logger.error('Dropping a record that cannot be processed', { error, body: record.body.slice(0, 2000) });
      } else {
        logger.error('Record failed; SQS will redeliver it', { error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    } finally {
      logger.resetKeys();
    }
  }
  return { batchItemFailures };
}
