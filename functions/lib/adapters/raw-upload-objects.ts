import { CopyObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { acceptedKey, uploadKeys } from '../upload-keys';
import { deleteObject } from './s3-objects';

// The raw bucket's objects of one video (functions/lib/upload-keys.ts), as plain functions so each
// handler bundles only the calls it makes.

/** The user metadata (x-amz-meta-*) of an object; null when there is no object. */
export async function readObjectMetadata(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<Record<string, string> | null> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.Metadata ?? {};
  } catch (error) {
    if ((error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return null;
    throw error;
  }
}

/**
 * Copies the upload at `<videoId>` to `accepted/<videoId>`, with two conditions S3 checks in the
 * same request: the upload is still the one whose ETag the event named (x-amz-copy-source-if-match:
 * the copy holds exactly the notified bytes) and there is no accepted copy yet (If-None-Match: *:
 * once written, the copy is never replaced). The copy's metadata names its owner and the ETag it
 * came from. False when a condition failed (S3's 412 PreconditionFailed) or the upload is gone.
 */
export async function copyToAccepted(
  s3: S3Client,
  bucket: string,
  videoId: string,
  source: { eTag: string; metadata: Record<string, string> },
): Promise<boolean> {
  try {
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: acceptedKey(videoId),
        CopySource: `${bucket}/${encodeURIComponent(videoId)}`,
        CopySourceIfMatch: `"${source.eTag}"`,
        IfNoneMatch: '*',
        MetadataDirective: 'REPLACE',
        Metadata: source.metadata,
      }),
    );
    return true;
  } catch (error) {
    const name = (error as Error).name;
    // 409 ConditionalRequestConflict: another copy to the key was under way; that one decides.
    if (name === 'PreconditionFailed' || name === 'NoSuchKey' || name === 'ConditionalRequestConflict') return false;
    throw error;
  }
}

/** The upload and its accepted copy, whichever exist (S3's DeleteObject succeeds for a missing key). */
export async function deleteUploadObjects(s3: S3Client, bucket: string, videoId: string): Promise<void> {
  await Promise.all(uploadKeys(videoId).map((key) => deleteObject(s3, bucket, key)));
}
