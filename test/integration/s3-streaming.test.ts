// A 100 MB browser upload, a 100 MB multipart upload and a 100 MB download through the local S3
// running in its own process: all stream (the process's peak memory stays flat, far below the
// file's size) and the rate is printed for the record.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openAsBlob, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { putPart } from '../../scripts/lib/part-upload';
import { startS3Process } from '../support/s3-process';
import type { S3Process } from '../support/s3-process';

const credentials = { accessKeyId: 'AKIALOCALSTREAMTEST1', secretAccessKey: 'stream-secret' };
const SIZE = 100 * 1024 * 1024;
const MB = 1024 * 1024;
// Flat: what the emulator holds at once stays far below the 100 MB going through it (the first
// upload warms buffer pools by ~35 MB; 300 and 600 MB uploads add nothing more).
const MAX_GROWTH = 64 * MB;

describe('100 MB through the local S3', () => {
  let dir: string;
  let s3: S3Process;
  let client: S3Client;
  let file: string;
  let md5: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-stream-'));
    file = path.join(dir, 'video.mp4');
    const block = randomBytes(MB);
    const hash = createHash('md5');
    const fd = openSync(file, 'w');
    for (let i = 0; i < SIZE / MB; i += 1) {
      block[0] = i;
      writeSync(fd, block);
      hash.update(block);
    }
    closeSync(fd);
    md5 = hash.digest('hex');
    s3 = await startS3Process(path.join(dir, 'data'), credentials);
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  });
  afterAll(async () => {
    client.destroy();
    await s3.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a 100 MB POST upload streams to disk: memory stays flat', async () => {
    const { url, fields } = await createPresignedPost(client, {
      Bucket: 'raw',
      Key: 'big.mp4',
      Fields: { 'Content-Type': 'video/mp4' },
      Conditions: [['content-length-range', 1, 200 * MB]],
      Expires: 300,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', await openAsBlob(file, { type: 'video/mp4' }), 'video.mp4');
    const before = s3.peakRss();
    const started = process.hrtime.bigint();
    const response = await fetch(url, { method: 'POST', body: form });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(response.status).toBe(204);
    const growth = s3.peakRss() - before;
    console.log(
      `POST 100 MB: ${(SIZE / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s); emulator peak RSS ${(before / MB).toFixed(0)} -> ${(s3.peakRss() / MB).toFixed(0)} MB`,
    );
    expect(growth).toBeLessThan(MAX_GROWTH);
    expect(await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'big.mp4' }))).toMatchObject({
      ContentLength: SIZE,
      ETag: `"${md5}"`,
      ContentType: 'video/mp4',
    });
  }, 120000);

  test('a 100 MB GET streams from disk: memory stays flat, every byte arrives', async () => {
    const url = `${s3.endpoint}/playback/big.mp4`;
    const { CopyObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new CopyObjectCommand({ Bucket: 'playback', Key: 'big.mp4', CopySource: 'raw/big.mp4' }));
    const before = s3.peakRss();
    const started = process.hrtime.bigint();
    const response = await fetch(url);
    const hash = createHash('md5');
    let received = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      hash.update(chunk);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `GET 100 MB: ${(SIZE / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s); emulator peak RSS ${(before / MB).toFixed(0)} -> ${(s3.peakRss() / MB).toFixed(0)} MB`,
    );
    expect(received).toBe(SIZE);
    expect(hash.digest('hex')).toBe(md5);
    expect(s3.peakRss() - before).toBeLessThan(MAX_GROWTH);
  }, 120000);

  test('a 100 MB multipart upload, 4 parts at a time, and its completion stream: memory stays flat, the object is whole', async () => {
    // Presigned UploadPart URLs as the uploads Lambda signs them (no checksum parameter), PUT by the demo CLI's code.
    const signer = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const partSize = 8 * MB;
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'parts.mp4' }));
    const numbers = Array.from({ length: Math.ceil(SIZE / partSize) }, (_, index) => index + 1);
    const before = s3.peakRss();
    const started = process.hrtime.bigint();
    const queue = [...numbers];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let partNumber = queue.shift(); partNumber !== undefined; partNumber = queue.shift()) {
          const start = (partNumber - 1) * partSize;
          const end = Math.min(SIZE, start + partSize);
          const url = await getSignedUrl(
            signer,
            new UploadPartCommand({
              Bucket: 'raw',
              Key: 'parts.mp4',
              UploadId,
              PartNumber: partNumber,
              ContentLength: end - start,
            }),
          );
          await putPart({ url, filePath: file, start, end });
        }
      }),
    );
    const { Parts } = await client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'parts.mp4', UploadId }));
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'raw',
        Key: 'parts.mp4',
        UploadId,
        MultipartUpload: { Parts: Parts?.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) },
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    signer.destroy();
    console.log(
      `multipart 100 MB: ${(SIZE / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s); emulator peak RSS ${(before / MB).toFixed(0)} -> ${(s3.peakRss() / MB).toFixed(0)} MB`,
    );
    expect(s3.peakRss() - before).toBeLessThan(MAX_GROWTH);
    const hash = createHash('md5');
    const got = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'parts.mp4' }));
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest('hex')).toBe(md5);
    expect(got.ContentLength).toBe(SIZE);
  }, 120000);
});
