import type { NotificationRule } from './buckets';

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
    /** Removal events carry no size or eTag, as on S3. */
    object: { key: string; size?: number; eTag?: string; sequencer: string };
  };
}

/** The message body S3 sends to a queue: one record. */
export interface S3EventNotification {
  Records: [S3EventRecord];
}

/**
 * S3 URL-encodes keys in events like a form (Java's URLEncoder: space as '+', every byte
 * outside [A-Za-z0-9.*_-] as %XX), except that '/' stays as it is.
 */
export function encodeEventKey(key: string): string {
  return Array.from(Buffer.from(key, 'utf8'), (byte) => {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.*_\-/]/.test(c)) return c;
    if (c === ' ') return '+';
    return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

let lastSequencer = 0;

/** Sequencers order events for one key: hex, strictly growing within this process. */
function nextSequencer(): string {
  lastSequencer = Math.max(Date.now() * 4096, lastSequencer + 1);
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

export interface EventRecordOptions {
  region: string;
  bucket: string;
  eventName: string;
  object: { key: string; size?: number; etag?: string };
  configurationId: string;
  requestId: string;
  sourceIp?: string;
  principalId?: string;
}

export function buildS3EventRecord(options: EventRecordOptions): S3EventRecord {
  const removed = options.eventName.startsWith('ObjectRemoved');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: options.region,
    eventTime: new Date().toISOString(),
    eventName: options.eventName,
    userIdentity: { principalId: options.principalId ?? 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: options.sourceIp ?? '127.0.0.1' },
    responseElements: { 'x-amz-request-id': options.requestId, 'x-amz-id-2': options.requestId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: options.configurationId,
      bucket: { name: options.bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${options.bucket}` },
      object: removed
        ? { key: encodeEventKey(options.object.key), sequencer: nextSequencer() }
        : {
            key: encodeEventKey(options.object.key),
            size: options.object.size,
            eTag: options.object.etag,
            sequencer: nextSequencer(),
          },
    },
  };
}

/** Whether a notification rule's event type (`s3:ObjectCreated:*`) covers an event name. */
export function matchesEventPattern(pattern: string, eventName: string): boolean {
  const wanted = pattern.replace(/^s3:/, '');
  return wanted.endsWith('*') ? eventName.startsWith(wanted.slice(0, -1)) : wanted === eventName;
}

/** The rules of a bucket's notification configuration that an event on `key` fires. */
export function matchingRules(rules: NotificationRule[], eventName: string, key: string): NotificationRule[] {
  return rules.filter(
    (rule) =>
      rule.events.some((pattern) => matchesEventPattern(pattern, eventName)) &&
      (rule.prefix === undefined || key.startsWith(rule.prefix)) &&
      (rule.suffix === undefined || key.endsWith(rule.suffix)),
  );
}
