/** What the pipeline reads of an upload's owner metadata, and of its accepted copy. */
export interface UploadObjectInfo {
  /** x-amz-meta-user-id: the POST policy binds it to the ticket's owner (missing: not our upload). */
  userId: string | undefined;
}

export interface AcceptedCopyInfo extends UploadObjectInfo {
  /** The ETag of the upload the copy was made from. */
  sourceETag: string | undefined;
}

/**
 * process-upload's view of the raw bucket: the upload a ticket wrote at `<videoId>` (which a second
 * POST with the same ticket can replace) and its accepted copy (which nothing replaces). See
 * functions/lib/upload-keys.ts.
 */
export interface RawUploads {
  /** The upload at the ticket's key; null when no object is there. */
  readUpload(videoId: string): Promise<UploadObjectInfo | null>;
  /** The accepted copy; null when there is none. */
  readAccepted(videoId: string): Promise<AcceptedCopyInfo | null>;
  /**
   * Copies the upload to the accepted key if the upload's ETag is still `sourceETag` and there is
   * no accepted copy yet; false when either did not hold (or the upload is gone).
   */
  copyToAccepted(videoId: string, copy: { sourceETag: string; userId: string }): Promise<boolean>;
  /** The object at the ticket's key (a later upload there is never read). */
  deleteUpload(videoId: string): Promise<void>;
  /** The upload and its accepted copy. */
  deleteAll(videoId: string): Promise<void>;
  /** A short-lived GET URL of the accepted copy, for ffprobe (the Lambda never downloads the file). */
  acceptedReadUrl(videoId: string): Promise<string>;
  /** The accepted copy as MediaConvert reads its input (s3://bucket/key). */
  acceptedInputUrl(videoId: string): string;
}
