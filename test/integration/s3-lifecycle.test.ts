// The product buckets' lifecycle rules from terraform/buckets.json, as the local S3 applies them,
// driven with the AWS SDK v3 and a lifecycle "day" of two seconds: the playback bucket aborts a
// multipart upload nobody completed (a MediaConvert job stopped mid-output) and expires nothing;
// the raw bucket expires an upload nobody processed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { loadBucketDefinitions, startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';
import { eventually } from '../support/eventually';

const credentials = { accessKeyId: 'AKIALOCALLIFECYCLE01', secretAccessKey: 'lifecycle-secret' };
const REGION = 'us-east-1';
const DAY_MS = 2000;
let dataDir: string;
let s3: S3Emulator;
let client: S3Client;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-lifecycle-'));
  s3 = await startS3({
    port: 0,
    dataDir,
    region: REGION,
    credentials,
    buckets: loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, []),
    lifecycleDayMs: DAY_MS,
    log: () => undefined,
  });
  client = new S3Client({ endpoint: s3.endpoint, region: REGION, forcePathStyle: true, credentials });
});
afterAll(async () => {
  client.destroy();
  await s3.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const exists = (bucket: string, key: string) =>
  client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );

test('a day on, the playback bucket has aborted the incomplete upload and kept its objects; the raw upload has expired', async () => {
  // Prepare
  const segmentKey = 'v1/hls/index_720p_00007.ts';
  const { UploadId: uploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: 'playback', Key: segmentKey, ContentType: 'video/MP2T' }),
  );
  await client.send(
    new UploadPartCommand({ Bucket: 'playback', Key: segmentKey, UploadId: uploadId, PartNumber: 1, Body: 'part' }),
  );
  await client.send(new PutObjectCommand({ Bucket: 'playback', Key: 'v1/hls/index.m3u8', Body: '#EXTM3U' }));
  await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'never-processed', Body: 'x' }));
  const pending = async () =>
    ((await client.send(new ListMultipartUploadsCommand({ Bucket: 'playback' }))).Uploads ?? []).map(
      (upload) => upload.UploadId,
    );
  expect(await pending()).toEqual([uploadId]);

  // Act: more than a lifecycle day passes (passes run every second).
  await eventually(async () => expect(await pending()).toEqual([]), {
    what: 'the incomplete upload to be aborted',
    timeoutMs: 3 * DAY_MS + 2000,
    intervalMs: 200,
  });

  // Assess
  await expect(
    client.send(
      new UploadPartCommand({ Bucket: 'playback', Key: segmentKey, UploadId: uploadId, PartNumber: 2, Body: 'more' }),
    ),
  ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  await eventually(async () => expect(await exists('raw', 'never-processed')).toBe(false), {
    what: 'the raw upload to expire',
    timeoutMs: 3 * DAY_MS + 2000,
    intervalMs: 200,
  });
  expect(await exists('playback', 'v1/hls/index.m3u8')).toBe(true);
});
