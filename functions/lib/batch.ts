import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

// Partial batch responses for SQS-fed Lambdas (their event source mappings report
// ReportBatchItemFailures): Powertools' BatchProcessor runs one function per record and answers
// with the ids of the records that failed, for SQS to deliver again.

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
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    logger.appendKeys({ messageId: record.messageId });
    try {
      await processRecord(record);
    } catch (error) {
      if (error instanceof UnprocessableRecordError) {
        logger.error('Dropping a record that cannot be processed', { error, body: record.body.slice(0, 2000) });
        return;
      }
      logger.error('Record failed; SQS will redeliver it', { error });
      throw error;
    } finally {
      logger.resetKeys();
    }
  };
  // A processor per batch: it keeps the batch's results on itself, and callers other than Lambda
  // (the tests, the local queue's consumers) may run batches side by side.
  return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    // One at a time: events of one video often share a batch, and in order they rarely collide.
    processInParallel: false,
    // A batch whose every record failed answers with every id instead of throwing
    // FullBatchFailureError: SQS delivers the same records again either way, each receive counting
    // towards the DLQ alike, and the answer keeps one shape whatever fails.
    throwOnFullBatchFailure: false,
  });
}
