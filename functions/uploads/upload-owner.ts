import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { NotFoundError, UnauthorizedError } from '../lib/errors';

/** The raw upload exists and was uploaded by ownerSub (the POST policy bound its metadata to them). */
export async function assertUploadOwner(s3: S3Client, bucket: string, videoId: string, ownerSub: string): Promise<void> {
  let uploader: string | undefined;
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: videoId }));
    uploader = head.Metadata?.['user-id'];
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound' || (error as { name?: string }).name === 'NoSuchKey') {
      throw new NotFoundError(`No upload ${videoId} was found: upload the file with the ticket first.`);
    }
    throw error;
  }
  if (uploader !== ownerSub) {
    throw new UnauthorizedError(`Upload ${videoId} belongs to another user.`);
  }
}
