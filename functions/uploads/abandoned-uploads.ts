// When an abandoned multipart upload goes. The raw bucket's lifecycle rule (terraform/buckets.json,
// AbortIncompleteMultipartUpload) aborts it and deletes its parts; the API's record of it expires
// by TTL after that, so it never names an upload S3 has already swept.

const DAY_MS = 24 * 60 * 60 * 1000;

/** The raw bucket rule's abortIncompleteMultipartUploadDays (a test holds the two together). */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 1;

/** The record's TTL: a day past the rule's, which S3 may round up by up to a day. */
export const UPLOAD_RECORD_DAYS = ABORT_INCOMPLETE_UPLOAD_DAYS + 1;

/**
 * When the lifecycle rule aborts an upload begun at `startedAt` unless it is completed first: S3
 * adds the rule's days to the start and rounds up to the next midnight UTC.
 */
export function lifecycleAbortTime(startedAt: Date): Date {
  const due = startedAt.getTime() + ABORT_INCOMPLETE_UPLOAD_DAYS * DAY_MS;
  return new Date(Math.ceil(due / DAY_MS) * DAY_MS);
}

/** The upload record's TTL (epoch seconds). */
export function uploadRecordExpiry(startedAt: Date): number {
  return Math.ceil((startedAt.getTime() + UPLOAD_RECORD_DAYS * DAY_MS) / 1000);
}
