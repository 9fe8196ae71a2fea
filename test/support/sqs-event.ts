import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

// SQS events as a Lambda event source mapping delivers them, for calling queue-fed handlers directly.

export function sqsRecord(body: string, messageId: string = randomUUID()): SQSRecord {
  const now = String(Date.now());
  return {
    messageId,
    receiptHandle: `${messageId}:receipt`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'AIDATESTSENDER',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
    awsRegion: 'us-east-1',
  };
}

/** One record per body; a body that is not a string is sent as its JSON. */
export function sqsEvent(...bodies: unknown[]): SQSEvent {
  return { Records: bodies.map((body) => sqsRecord(typeof body === 'string' ? body : JSON.stringify(body))) };
}
