import type { PostUploadOptions } from './post-upload';
import type { PartTransport } from './send-parts';

/** A multipart upload as the API describes it. */
export interface MultipartUploadInfo {
  videoId: string;
  size: number;
  partSize: number;
  partCount: number;
  /** Parts S3 holds already. */
  uploadedParts: ReadonlyArray<{ partNumber: number; size: number }>;
  expiresAt: string;
}

export interface FileTicket {
  videoId: string;
  url: string;
  fields: Record<string, string>;
}

export interface VideoInput {
  id: string;
  title: string;
  description: string;
}

/**
 * What an upload needs of the API and of S3, whichever way the file goes. The app's adapter speaks
 * GraphQL and HTTP; the tests' fake keeps it all in memory. Failures are UploadErrors whose
 * `retryable` says whether asking again may work; an upload the server no longer has is
 * UploadGoneError.
 */
export interface UploadApi extends PartTransport {
  createUploadTicket(input: { contentType: string; size: number }): Promise<FileTicket>;
  postFile(options: PostUploadOptions): Promise<void>;
  /** Registers a POSTed file as a video. */
  registerVideo(input: VideoInput): Promise<void>;
  startMultipartUpload(input: { contentType: string; size: number }): Promise<MultipartUploadInfo>;
  /** The caller's upload in progress, or null when it is over (completed, aborted, expired). */
  findMultipartUpload(videoId: string): Promise<MultipartUploadInfo | null>;
  /** Completes the upload and registers the video; asking again after it completed registers it. */
  completeMultipartUpload(input: VideoInput): Promise<void>;
  abortMultipartUpload(videoId: string): Promise<void>;
}
