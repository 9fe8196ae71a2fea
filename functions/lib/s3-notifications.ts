import type { S3EventRecord } from 'aws-lambda';
import { UnprocessableRecordError } from './batch';

// S3 event notifications as SQS delivers them (the body of each record).

export interface UploadedObject {
  eventName: string;
  bucket: string;
  /** Decoded: S3 sends keys URL-encoded, with spaces as '+'. */
  key: string;
  size: number;
  eTag: string;
}

/** AWS's shape with every field optional: nothing in a message is trusted until checked. */
type Unchecked<T> = { [K in keyof T]?: T[K] extends object ? Unchecked<T[K]> : T[K] };

/** An S3Event (its Records), or the s3:TestEvent S3 sends when a notification is set up. */
interface NotificationBody {
  Event?: string;
  Records?: Array<Unchecked<S3EventRecord>>;
}

/** The objects a notification announces; an s3:TestEvent announces none. */
export function parseS3Notification(body: string): UploadedObject[] {
  let parsed: NotificationBody | null;
  try {
    parsed = JSON.parse(body) as NotificationBody | null;
  } catch {
    throw new UnprocessableRecordError('The message is not JSON.');
  }
  if (parsed?.Event === 's3:TestEvent') return [];
  if (!parsed || !Array.isArray(parsed.Records))
    throw new UnprocessableRecordError('The message is not an S3 event notification.');
  return parsed.Records.map((record) => {
    const bucket = record.s3?.bucket?.name;
    const key = record.s3?.object?.key;
    if (!record.eventName || !bucket || key === undefined)
      throw new UnprocessableRecordError('An S3 event record lacks its event name, bucket or key.');
    return {
      eventName: record.eventName,
      bucket,
      key: decodeURIComponent(key.replace(/\+/g, ' ')),
      size: record.s3?.object?.size ?? 0,
      eTag: record.s3?.object?.eTag ?? '',
    };
  });
}
