import type { ObjectMeta } from './store';

/** An S3 event notification record, in the shape S3 delivers to SQS (event version 2.1). */
export interface S3EventRecord {
  eventVersion: '2.1';
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; sequencer: string };
  };
}

let sequence = 0;

/** S3 URL-encodes keys in events, with spaces as '+'. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

export function buildS3EventRecord(options: { region: string; bucket: string; eventName: string; object: ObjectMeta; configurationId: string; requestId: string }): S3EventRecord {
  sequence += 1;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: options.region,
    eventTime: new Date().toISOString(),
    eventName: options.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': options.requestId, 'x-amz-id-2': options.requestId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: options.configurationId,
      bucket: { name: options.bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${options.bucket}` },
      // The sequencer orders events for one key: hex, growing with time.
      object: { key: encodeEventKey(options.object.key), size: options.object.size, eTag: options.object.etag, sequencer: (Date.now() * 1000 + (sequence % 1000)).toString(16).toUpperCase().padStart(16, '0') },
    },
  };
}

/** Whether a notification rule's event pattern (`s3:ObjectCreated:*`) covers an event name. */
export function matchesEventPattern(pattern: string, eventName: string): boolean {
  const wanted = pattern.replace(/^s3:/, '');
  return wanted.endsWith('*') ? eventName.startsWith(wanted.slice(0, -1)) : wanted === eventName;
}
