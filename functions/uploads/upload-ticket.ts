import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import type { UploadTicket } from '../../generated/graphql';
import { ValidationError } from '../lib/errors';

export interface UploadTicketOptions {
  s3: S3Client;
  bucket: string;
  ownerSub: string;
  contentType: string;
  size: number;
  maxBytes: number;
  expiresInSeconds: number;
  now?: Date;
}

/** A ValidationError for a file no ticket is made for: not a video type, empty, or too large. */
export function assertUploadable(options: Pick<UploadTicketOptions, 'contentType' | 'size' | 'maxBytes'>): void {
  const { contentType, size, maxBytes } = options;
  if (!contentType.startsWith('video/')) {
    throw new ValidationError(`Only video files can be uploaded; "${contentType}" is not a video type.`);
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new ValidationError('The file is empty or its size is not a whole number of bytes.');
  }
  if (size > maxBytes) {
    throw new ValidationError(`The file is ${formatMegabytes(size)}; the limit is ${formatMegabytes(maxBytes)}.`);
  }
}

/**
 * A presigned POST that S3 itself enforces: the key is the new video id, the owner metadata must
 * equal the caller (eq, so a client cannot rewrite it), the size is bounded and the type is video/*.
 */
export async function buildUploadTicket(options: UploadTicketOptions): Promise<UploadTicket> {
  const { contentType, maxBytes } = options;
  assertUploadable(options);
  const videoId = ulid();
  const now = options.now ?? new Date();
  const { url, fields } = await createPresignedPost(options.s3, {
    Bucket: options.bucket,
    Key: videoId,
    Expires: options.expiresInSeconds,
    Fields: { 'Content-Type': contentType, 'x-amz-meta-user-id': options.ownerSub },
    Conditions: [
      ['eq', '$key', videoId],
      ['eq', '$x-amz-meta-user-id', options.ownerSub],
      ['eq', '$Content-Type', contentType],
      ['starts-with', '$Content-Type', 'video/'],
      ['content-length-range', 1, maxBytes],
    ],
  });
  return {
    __typename: 'UploadTicket',
    videoId,
    url,
    fields: JSON.stringify(fields),
    expiresAt: new Date(now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    maxBytes,
  };
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
