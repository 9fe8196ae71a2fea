import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3 } from '../../local/s3';
import { MIN_PART_BYTES } from '../../local/s3/multipart';
import type { S3Emulator } from '../../local/s3';

const credentials = { accessKeyId: 'AKIALOCALS3TEST00001', secretAccessKey: 'local-s3-secret', accountId: '000000000000' };

describe('local S3', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let client: S3Client;
  const events: Array<{ bucket: string; eventName: string; key: string }> = [];

  async function start() {
    s3 = await startS3({
      port: 0,
      dataDir,
      credentials,
      buckets: [{ name: 'raw', access: 'private' }, { name: 'playback', access: 'public-read' }],
      onEvent: (bucket, eventName, object) => events.push({ bucket, eventName, key: object.key }),
    });
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-'));
    await start();
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('put, head, get (with ranges), copy and delete, with metadata and content type kept', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { 'user-id': 'u1' } }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt' }));
    expect(head).toMatchObject({ ContentLength: 11, ContentType: 'text/plain', Metadata: { 'user-id': 'u1' }, ETag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"' });
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt' }))).Body!.transformToString()).toBe('hello world');
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt', Range: 'bytes=0-4' }))).Body!.transformToString()).toBe('hello');
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt', Range: 'bytes=-5' }))).Body!.transformToString()).toBe('world');
    await expect(client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt', Range: 'bytes=50-' }))).rejects.toMatchObject({ name: 'InvalidRange' });
    await client.send(new CopyObjectCommand({ Bucket: 'playback', Key: 'copy.txt', CopySource: 'raw/dir/a b.txt' }));
    expect((await client.send(new HeadObjectCommand({ Bucket: 'playback', Key: 'copy.txt' }))).Metadata).toEqual({ 'user-id': 'u1' });
    await client.send(new DeleteObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt' }));
    await expect(client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'dir/a b.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(client.send(new HeadObjectCommand({ Bucket: 'nope', Key: 'x' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(events.filter((e) => e.key === 'dir/a b.txt').map((e) => e.eventName)).toEqual(['ObjectCreated:Put', 'ObjectRemoved:Delete']);
  });

  test('ListObjectsV2 pages through 2,500 keys exactly once, with prefixes and delimiters', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `many/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map((Key) => client.send(new PutObjectCommand({ Bucket: 'playback', Key, Body: 'x' }))));
    }
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'playback', Prefix: 'many/', MaxKeys: 1000, ContinuationToken }));
      seen.push(...(page.Contents ?? []).map((object) => object.Key!));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    expect(seen).toEqual(keys);
    const folders = await client.send(new ListObjectsV2Command({ Bucket: 'playback', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['many/']);
    const removed = await client.send(new DeleteObjectsCommand({ Bucket: 'playback', Delete: { Objects: keys.slice(0, 1000).map((Key) => ({ Key })), Quiet: true } }));
    expect(removed.Errors ?? []).toEqual([]);
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'playback', Prefix: 'many/' }))).KeyCount).toBe(1000);
  }, 60000);

  test('private buckets need the local credentials; public ones are readable by anyone, writable by no one', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'secret', Body: 's' }));
    await client.send(new PutObjectCommand({ Bucket: 'playback', Key: 'public.m3u8', Body: '#EXTM3U', ContentType: 'application/vnd.apple.mpegurl' }));
    expect((await fetch(`${s3.endpoint}/raw/secret`)).status).toBe(403);
    const open = await fetch(`${s3.endpoint}/playback/public.m3u8`);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect((await fetch(`${s3.endpoint}/playback/public.m3u8`, { method: 'PUT', body: 'x' })).status).toBe(403);
    const stranger = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { ...credentials, secretAccessKey: 'wrong' } });
    await expect(stranger.send(new GetObjectCommand({ Bucket: 'raw', Key: 'secret' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const unknown = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' } });
    await expect(unknown.send(new GetObjectCommand({ Bucket: 'raw', Key: 'secret' }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    stranger.destroy();
    unknown.destroy();
  });

  test('presigned GET URLs work until they expire, and not once tampered with', async () => {
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'raw', Key: 'secret' }), { expiresIn: 3 });
    expect(await (await fetch(url)).text()).toBe('s');
    expect((await fetch(url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`))).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 4100));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  test('multipart uploads: parts, the multipart ETag, size and order rules, abort', async () => {
    const { createHash } = await import('node:crypto');
    const first = Buffer.alloc(MIN_PART_BYTES, 7);
    const last = Buffer.from('tail');
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'big.bin', ContentType: 'video/mp4', Metadata: { 'user-id': 'u9' } }));
    const one = await client.send(new UploadPartCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, PartNumber: 1, Body: first }));
    const two = await client.send(new UploadPartCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, PartNumber: 2, Body: last }));
    expect((await client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'big.bin', UploadId }))).Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
    await expect(
      client.send(new CompleteMultipartUploadCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] } })),
    ).rejects.toMatchObject({ name: 'InvalidPart' });
    const done = await client.send(
      new CompleteMultipartUploadCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }),
    );
    const md5 = (data: Buffer) => createHash('md5').update(data).digest();
    expect(done.ETag).toBe(`"${createHash('md5').update(Buffer.concat([md5(first), md5(last)])).digest('hex')}-2"`);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'big.bin' }));
    expect(head).toMatchObject({ ContentLength: MIN_PART_BYTES + 4, ContentType: 'video/mp4', Metadata: { 'user-id': 'u9' } });
    expect(events).toContainEqual({ bucket: 'raw', eventName: 'ObjectCreated:CompleteMultipartUpload', key: 'big.bin' });

    const small = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'small.bin' }));
    const a = await client.send(new UploadPartCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId, PartNumber: 1, Body: 'a' }));
    const b = await client.send(new UploadPartCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId, PartNumber: 2, Body: 'b' }));
    await expect(
      client.send(new CompleteMultipartUploadCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }] } })),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await client.send(new AbortMultipartUploadCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId }));
    await expect(client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  test('objects survive a restart', async () => {
    client.destroy();
    await s3.close();
    await start();
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'secret' }))).Body!.transformToString()).toBe('s');
  });
});
