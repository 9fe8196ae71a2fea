import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { NotFoundError, UnauthorizedError } from '../lib/errors';

/** Who the pipeline recorded as the video's owner, once it has seen the upload (null: no record). */
export type RecordedOwnerLookup = (videoId: string) => Promise<string | null>;

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey';
}

/**
 * The raw upload exists and was uploaded by ownerSub (the POST policy bound its metadata to them).
 * Processing may have finished and deleted the raw object before the owner registers it; then the
 * pipeline's record, written from that same metadata, is the proof of ownership.
 */
export async function assertUploadOwner(
  s3: S3Client,
  bucket: string,
  videoId: string,
  ownerSub: string,
  recordedOwner: RecordedOwnerLookup,
): Promise<void> {
  let uploader: string | null | undefined;
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: videoId }));
    uploader = head.Metadata?.['user-id'];
  } catch (error) {
    if (!isNotFound(error)) throw error;
    uploader = await recordedOwner(videoId);
    if (uploader === null) throw new NotFoundError(`No upload ${videoId} was found: upload the file first.`);
  }
  if (uploader !== ownerSub) {
    throw new UnauthorizedError(`Upload ${videoId} belongs to another user.`);
  }
}
