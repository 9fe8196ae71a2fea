import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { ERROR_CODES, JobFailure } from './job-failure';
import type { ProducedFile } from './transcode';

// The local MediaConvert reads its input and writes its outputs through the S3 API, as the
// service does with its IAM role: what it may touch is what the buckets' rules allow.

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/MP2T',
  '.jpg': 'image/jpeg',
  '.mp4': 'video/mp4',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new JobFailure(ERROR_CODES.inputNotFound, `${url} is not an s3:// URL.`);
  // Both groups always take part in a match.
  return { bucket: match[1]!, key: match[2]! };
}

export async function downloadInput(s3: S3Client, url: string, file: string, signal?: AbortSignal): Promise<void> {
  const { bucket, key } = parseS3Url(url);
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    await pipeline(object.Body as Readable, createWriteStream(file), { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
      throw new JobFailure(ERROR_CODES.internal, `No space left on the disk the job works on to download [${url}].`);
    const name = (error as Error).name;
    const reason =
      name === 'NoSuchKey' || name === 'NoSuchBucket'
        ? 'No such file or directory'
        : name === 'AccessDenied'
          ? 'Access denied'
          : (error as Error).message;
    throw new JobFailure(ERROR_CODES.inputNotFound, `Unable to open input file [${url}]: [${reason}]`);
  }
}

/**
 * One output file to its key. Never cut off midway: a job that is stopped finishes the write under
 * way, so nothing it wrote lands after its final event.
 */
export async function putOutput(s3: S3Client, workDir: string, file: ProducedFile): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: file.bucket,
        Key: file.key,
        Body: readFileSync(path.join(workDir, file.file)),
        ContentType: contentTypeOf(file.file),
      }),
    );
  } catch (error) {
    throw new JobFailure(
      ERROR_CODES.outputWriteFailed,
      `Unable to write to output file [s3://${file.bucket}/${file.key}]: [${(error as Error).message}]`,
    );
  }
}

/** Uploads in order, a few at a time, none begun once `signal` aborts; the caller orders playlists after their segments. */
export async function uploadOutputs(
  s3: S3Client,
  workDir: string,
  files: readonly ProducedFile[],
  signal?: AbortSignal,
  parallel = 4,
): Promise<void> {
  const playlists = files.filter((file) => file.file.endsWith('.m3u8'));
  const media = files.filter((file) => !file.file.endsWith('.m3u8'));
  for (const batch of [media, playlists]) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, batch.length) }, async () => {
        // The bound check and the take happen in one synchronous step: no other worker interleaves.
        while (next < batch.length) {
          const file = batch[next++]!;
          signal?.throwIfAborted();
          await putOutput(s3, workDir, file);
        }
      }),
    );
  }
}
