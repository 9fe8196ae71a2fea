import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

// S3 multipart uploads of the raw bucket (the object at `<videoId>`, as a POST ticket writes it),
// as plain functions so each handler bundles only the calls it makes.

export interface RawMultipartUpload {
  bucket: string;
  videoId: string;
  uploadId: string;
}

/** A part S3 holds. */
export interface ListedPart {
  partNumber: number;
  size: number;
  eTag: string;
}

/** S3's answer for an upload that was completed, aborted or swept by the lifecycle rule. */
export function isNoSuchUpload(error: unknown): boolean {
  return (error as Error).name === 'NoSuchUpload';
}

/**
 * Begins the upload with the owner's metadata set here, server-side: the parts cannot change it,
 * and the completed object carries it as a POST upload's does (x-amz-meta-user-id).
 */
export async function createRawMultipartUpload(
  s3: S3Client,
  upload: { bucket: string; videoId: string; contentType: string; ownerSub: string },
): Promise<string> {
  const { UploadId: uploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: upload.bucket,
      Key: upload.videoId,
      ContentType: upload.contentType,
      Metadata: { 'user-id': upload.ownerSub },
    }),
  );
  if (!uploadId) throw new Error(`S3 began no multipart upload of ${upload.videoId}`);
  return uploadId;
}

/**
 * A presigned UploadPart URL that signs the part's Content-Length: S3 answers any other length
 * with 403 SignatureDoesNotMatch. `presigner` must not add flexible checksums (its
 * requestChecksumCalculation WHEN_REQUIRED): it would sign the CRC32 of the empty body it
 * presigns, which no real part matches.
 */
export function signUploadPart(
  presigner: S3Client,
  upload: RawMultipartUpload,
  part: { partNumber: number; size: number; expiresInSeconds: number },
): Promise<string> {
  return getSignedUrl(
    presigner,
    new UploadPartCommand({
      Bucket: upload.bucket,
      Key: upload.videoId,
      UploadId: upload.uploadId,
      PartNumber: part.partNumber,
      ContentLength: part.size,
    }),
    { expiresIn: part.expiresInSeconds },
  );
}

/** Every part S3 holds, by part number (ListParts answers 1,000 at most a page). */
export async function listRawParts(s3: S3Client, upload: RawMultipartUpload): Promise<ListedPart[]> {
  const parts: ListedPart[] = [];
  let marker: string | undefined;
  do {
    const page = await s3.send(
      new ListPartsCommand({
        Bucket: upload.bucket,
        Key: upload.videoId,
        UploadId: upload.uploadId,
        PartNumberMarker: marker,
      }),
    );
    for (const part of page.Parts ?? [])
      parts.push({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0, eTag: part.ETag ?? '' });
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return parts;
}

/** Joins the parts named, in order, into the object; S3 then notifies ObjectCreated:CompleteMultipartUpload. */
export async function completeRawMultipartUpload(
  s3: S3Client,
  upload: RawMultipartUpload,
  parts: ListedPart[],
): Promise<void> {
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: upload.bucket,
      Key: upload.videoId,
      UploadId: upload.uploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.eTag })) },
    }),
  );
}

/** Deletes the parts; an upload already gone is no fault. */
export async function abortRawMultipartUpload(s3: S3Client, upload: RawMultipartUpload): Promise<void> {
  try {
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.videoId, UploadId: upload.uploadId }),
    );
  } catch (error) {
    if (!isNoSuchUpload(error)) throw error;
  }
}
