/**
 * What the API keeps of a multipart upload while it is in progress: whose it is, S3's uploadId
 * (which only the server ever sees) and the part plan the part URLs were signed for.
 */
export interface MultipartUploadRecord {
  videoId: string;
  /** The caller who started it: every operation on the upload must come from them. */
  ownerSub: string;
  uploadId: string;
  contentType: string;
  size: number;
  partSize: number;
  partCount: number;
  /** ISO 8601: when CreateMultipartUpload began it (the lifecycle rule counts its days from then). */
  startedAt: string;
  /** When the record may go (epoch seconds): after the lifecycle rule has aborted the upload. */
  expiresAtEpochSeconds: number;
}

export interface MultipartUploadRecords {
  /** Stores a new record; a second one for the same video is refused (ULIDs never repeat). */
  create(record: MultipartUploadRecord): Promise<void>;
  /** The record of videoId's upload; null once completed, aborted or expired. */
  get(videoId: string): Promise<MultipartUploadRecord | null>;
  /** Forgets the upload (completed or aborted); a missing record is no fault. */
  delete(videoId: string): Promise<void>;
}
