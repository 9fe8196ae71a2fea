// The local S3's REST API driven by the real AWS SDK v3 S3Client (forcePathStyle), as the Lambdas use it.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startS3 } from '../../local/s3';
import type { S3EmulatorOptions, S3Emulator, S3EventNotification } from '../../local/s3';
import { MIN_PART_BYTES } from '../../local/s3/multipart-rules';
import { eventually } from '../support/eventually';
import { errorCode, rawRequest, sha256Hex, signRequest } from '../support/s3-requests';
import { startS3Process } from '../support/s3-process';

const credentials = { accessKeyId: 'AKIALOCALS3TEST00001', secretAccessKey: 'local-s3-secret' };
const MAX_OBJECT = 12 * 1024 * 1024;
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

describe('local S3 API', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let client: S3Client;
  const notifications: Array<{ target: string; event: S3EventNotification }> = [];
  const logged: string[] = [];
  let failNotify = false;

  const options = (): S3EmulatorOptions => ({
    port: 0,
    dataDir,
    region: 'us-east-1',
    credentials,
    maxObjectBytes: MAX_OBJECT,
    buckets: [
      {
        name: 'raw',
        access: 'private',
        notifications: [
          { events: ['s3:ObjectCreated:*'], target: 'uploads' },
          { events: ['s3:ObjectRemoved:*'], target: 'removals' },
          { events: ['s3:ObjectCreated:Put'], prefix: 'videos/', suffix: '.mp4', target: 'videos' },
        ],
      },
      { name: 'playback', access: 'public-read' },
    ],
    log: (line) => logged.push(line),
    notify: (target, event) => {
      if (failNotify) throw new Error('the queue is down');
      notifications.push({ target, event });
    },
  });

  async function start() {
    s3 = await startS3(options());
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  }
  async function stop() {
    client.destroy();
    await s3.close();
  }
  const eventsFor = (key: string) =>
    notifications.filter((n) => decodeURIComponent(n.event.Records[0].s3.object.key.replace(/\+/g, ' ')) === key);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-'));
    await start();
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('PutObject, HeadObject and GetObject keep content, type, metadata and the stored headers', async () => {
    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'raw',
        Key: 'dir/a b+c.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="a.txt"',
        Metadata: { 'User-Id': 'u1' },
      }),
    );
    expect(put.ETag).toBe(`"${md5('hello world')}"`);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'dir/a b+c.txt' }));
    expect(head).toMatchObject({
      ContentLength: 11,
      ContentType: 'text/plain',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="a.txt"',
      Metadata: { 'user-id': 'u1' },
      ETag: `"${md5('hello world')}"`,
    });
    expect(head.LastModified).toBeInstanceOf(Date);
    const got = await client.send(
      new GetObjectCommand({
        Bucket: 'raw',
        Key: 'dir/a b+c.txt',
        ResponseContentType: 'application/x-override',
        ResponseContentDisposition: 'inline',
      }),
    );
    expect(got).toMatchObject({
      ContentType: 'application/x-override',
      ContentDisposition: 'inline',
      ContentLength: 11,
    });
    expect(await got.Body!.transformToString()).toBe('hello world');
  });

  test('GetObject ranges: a-b, a-, suffix -N, clamped ends, 416 InvalidRange, unparseable ranges ignored', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'range.txt', Body: '0123456789' }));
    const range = async (Range: string) => {
      const result = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'range.txt', Range }));
      return {
        body: await result.Body!.transformToString(),
        contentRange: result.ContentRange,
        length: result.ContentLength,
        status: result.$metadata.httpStatusCode,
      };
    };
    expect(await range('bytes=0-4')).toEqual({ body: '01234', contentRange: 'bytes 0-4/10', length: 5, status: 206 });
    expect(await range('bytes=6-')).toEqual({ body: '6789', contentRange: 'bytes 6-9/10', length: 4, status: 206 });
    expect(await range('bytes=-3')).toEqual({ body: '789', contentRange: 'bytes 7-9/10', length: 3, status: 206 });
    expect(await range('bytes=-30')).toMatchObject({ body: '0123456789', contentRange: 'bytes 0-9/10' });
    expect(await range('bytes=8-100')).toMatchObject({ body: '89', contentRange: 'bytes 8-9/10' });
    expect(await range('bytes=5-3')).toMatchObject({ body: '0123456789', status: 200 });
    await expect(range('bytes=10-')).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
  });

  test('conditional reads: If-None-Match answers 304, a failed If-Match 412', async () => {
    const { ETag } = await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'cond.txt', Body: 'c' }));
    await expect(
      client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'cond.txt', IfNoneMatch: ETag })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    await expect(
      client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'cond.txt', IfMatch: '"nope"' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    expect(
      (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'cond.txt', IfMatch: ETag }))).$metadata
        .httpStatusCode,
    ).toBe(200);
  });

  test('missing keys and buckets: NoSuchKey, NotFound for HEAD, NoSuchBucket', async () => {
    await expect(client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'missing' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'missing' }))).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new GetObjectCommand({ Bucket: 'nope', Key: 'x' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new HeadBucketCommand({ Bucket: 'nope' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('ListObjectsV2 pages through 2,500 keys with max-keys 1000, each key exactly once', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `many/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(
        keys.slice(i, i + 100).map((Key) => client.send(new PutObjectCommand({ Bucket: 'playback', Key, Body: 'x' }))),
      );
    }
    const seen: string[] = [];
    const pages: Array<{ count?: number; truncated?: boolean }> = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: 'playback', Prefix: 'many/', MaxKeys: 1000, ContinuationToken }),
      );
      seen.push(...(page.Contents ?? []).map((object) => object.Key!));
      pages.push({ count: page.KeyCount, truncated: page.IsTruncated });
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    expect(seen).toEqual(keys);
    expect(pages).toEqual([
      { count: 1000, truncated: true },
      { count: 1000, truncated: true },
      { count: 500, truncated: false },
    ]);
    const after = await client.send(
      new ListObjectsV2Command({ Bucket: 'playback', Prefix: 'many/', StartAfter: 'many/02497' }),
    );
    expect(after.Contents?.map((object) => object.Key)).toEqual(['many/02498', 'many/02499']);
    expect(after.Contents?.[0]).toMatchObject({ Size: 1, ETag: `"${md5('x')}"`, StorageClass: 'STANDARD' });
  }, 60000);

  test('ListObjectsV2 with a delimiter: common prefixes count toward max-keys and each comes back once', async () => {
    for (const Key of ['tree/a/1', 'tree/a/2', 'tree/b', 'tree/c/1', 'tree/c/2', 'tree/c/3', 'tree/d']) {
      await client.send(new PutObjectCommand({ Bucket: 'playback', Key, Body: 'x' }));
    }
    const whole = await client.send(new ListObjectsV2Command({ Bucket: 'playback', Prefix: 'tree/', Delimiter: '/' }));
    expect(whole.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['tree/a/', 'tree/c/']);
    expect(whole.Contents?.map((o) => o.Key)).toEqual(['tree/b', 'tree/d']);
    expect(whole.KeyCount).toBe(4);
    const items: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: 'playback',
          Prefix: 'tree/',
          Delimiter: '/',
          MaxKeys: 1,
          ContinuationToken,
        }),
      );
      expect(page.KeyCount).toBe(1);
      items.push(
        ...(page.CommonPrefixes ?? []).map((p) => `prefix ${p.Prefix}`),
        ...(page.Contents ?? []).map((o) => `key ${o.Key}`),
      );
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    expect(items).toEqual(['prefix tree/a/', 'key tree/b', 'prefix tree/c/', 'key tree/d']);
    const top = await client.send(new ListObjectsV2Command({ Bucket: 'playback', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['many/', 'tree/']);
    await expect(
      client.send(new ListObjectsV2Command({ Bucket: 'playback', ContinuationToken: 'not-a-token' })),
    ).rejects.toMatchObject({ name: 'InvalidArgument' });
    const v1 = await client.send(new ListObjectsCommand({ Bucket: 'playback', Prefix: 'tree/', Marker: 'tree/b' }));
    expect(v1.Contents?.map((o) => o.Key)).toEqual(['tree/c/1', 'tree/c/2', 'tree/c/3', 'tree/d']);
  });

  test('CopyObject: COPY keeps type and metadata, REPLACE replaces them; copying onto itself unchanged is refused', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: 'raw',
        Key: 'src/a b.txt',
        Body: 'copy me',
        ContentType: 'text/plain',
        Metadata: { 'user-id': 'u1' },
      }),
    );
    const copied = await client.send(
      new CopyObjectCommand({
        Bucket: 'playback',
        Key: 'copy.txt',
        CopySource: `raw/${encodeURIComponent('src/a b.txt')}`,
      }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5('copy me')}"`);
    expect(await client.send(new HeadObjectCommand({ Bucket: 'playback', Key: 'copy.txt' }))).toMatchObject({
      ContentType: 'text/plain',
      Metadata: { 'user-id': 'u1' },
      ContentLength: 7,
    });
    await client.send(
      new CopyObjectCommand({
        Bucket: 'raw',
        Key: 'src/a b.txt',
        CopySource: `raw/${encodeURIComponent('src/a b.txt')}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/x-new',
        Metadata: { v: '2' },
      }),
    );
    expect(await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'src/a b.txt' }))).toMatchObject({
      ContentType: 'text/x-new',
      Metadata: { v: '2' },
    });
    await expect(
      client.send(
        new CopyObjectCommand({
          Bucket: 'raw',
          Key: 'src/a b.txt',
          CopySource: `raw/${encodeURIComponent('src/a b.txt')}`,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidRequest',
    });
    await expect(
      client.send(new CopyObjectCommand({ Bucket: 'raw', Key: 'x', CopySource: 'raw/missing' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(eventsFor('src/a b.txt').map((n) => n.event.Records[0].eventName)).toEqual([
      'ObjectCreated:Put',
      'ObjectCreated:Copy',
    ]);
  });

  // What process-upload's copy to accepted/ relies on (functions/lib/adapters/raw-upload-objects.ts):
  // S3 copies only the source whose ETag the event named, and never over an existing destination.
  test('CopyObject conditions: x-amz-copy-source-if-match and If-None-Match: * each answer 412 PreconditionFailed', async () => {
    const { ETag: first } = await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'ticket', Body: 'probed' }));
    // The ticket's object is replaced by a later upload: a copy of the first one is refused.
    const { ETag: second } = await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'ticket', Body: 'swapped' }));
    const copy = (sourceETag: string | undefined, key = 'accepted/ticket') =>
      client.send(
        new CopyObjectCommand({
          Bucket: 'raw',
          Key: key,
          CopySource: 'raw/ticket',
          CopySourceIfMatch: sourceETag,
          IfNoneMatch: '*',
          MetadataDirective: 'REPLACE',
          Metadata: { 'source-etag': (sourceETag ?? '').replace(/"/g, '') },
        }),
      );
    await expect(copy(first)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      Condition: 'x-amz-copy-source-If-Match',
      $metadata: { httpStatusCode: 412 },
    });
    // S3's notifications carry the ETag bare: either form matches.
    await copy(second!.replace(/"/g, ''));
    // Once there, the accepted copy is never replaced, whatever the source.
    await expect(copy(second)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      Condition: 'If-None-Match',
      $metadata: { httpStatusCode: 412 },
    });
    const accepted = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'accepted/ticket' }));
    expect(await accepted.Body!.transformToString()).toBe('swapped');
    expect(accepted.Metadata).toEqual({ 'source-etag': second!.replace(/"/g, '') });
    expect(eventsFor('accepted/ticket').map((n) => n.event.Records[0].eventName)).toEqual(['ObjectCreated:Copy']);
  });

  test('DeleteObject and DeleteObjects (quiet and not), with removal events for what existed', async () => {
    for (const Key of ['del/1', 'del/2', 'del/3'])
      await client.send(new PutObjectCommand({ Bucket: 'raw', Key, Body: Key }));
    await client.send(new DeleteObjectCommand({ Bucket: 'raw', Key: 'del/1' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'raw', Key: 'del/never' }));
    const loud = await client.send(
      new DeleteObjectsCommand({ Bucket: 'raw', Delete: { Objects: [{ Key: 'del/2' }, { Key: 'del/missing' }] } }),
    );
    expect(loud.Deleted?.map((d) => d.Key)).toEqual(['del/2', 'del/missing']);
    const quiet = await client.send(
      new DeleteObjectsCommand({ Bucket: 'raw', Delete: { Objects: [{ Key: 'del/3' }], Quiet: true } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(quiet.Errors ?? []).toEqual([]);
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'raw', Prefix: 'del/' }))).KeyCount).toBe(0);
    const removals = notifications.filter((n) => n.target === 'removals').map((n) => n.event.Records[0].s3.object.key);
    expect(removals).toEqual(['del/1', 'del/2', 'del/3']);
  });

  test("multipart uploads: parts, S3's multipart ETag, ListParts, order/size/part rules, abort", async () => {
    const first = Buffer.alloc(MIN_PART_BYTES, 7);
    const last = Buffer.from('tail');
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: 'raw',
        Key: 'big.bin',
        ContentType: 'video/mp4',
        Metadata: { 'user-id': 'u9' },
      }),
    );
    const one = await client.send(
      new UploadPartCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, PartNumber: 1, Body: first }),
    );
    const two = await client.send(
      new UploadPartCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, PartNumber: 2, Body: last }),
    );
    expect(one.ETag).toBe(`"${md5(first)}"`);
    const parts = await client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'big.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, MIN_PART_BYTES, one.ETag],
      [2, 4, two.ETag],
    ]);
    expect(
      (await client.send(new ListMultipartUploadsCommand({ Bucket: 'raw' }))).Uploads?.map((u) => u.UploadId),
    ).toContain(UploadId);
    await expect(
      client.send(new UploadPartCommand({ Bucket: 'raw', Key: 'big.bin', UploadId, PartNumber: 10001, Body: 'x' })),
    ).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'raw',
          Key: 'big.bin',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPart' });
    await expect(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'raw',
          Key: 'big.bin',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: two.ETag },
              { PartNumber: 1, ETag: one.ETag },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPartOrder' });
    await expect(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'raw',
          Key: 'other.bin',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'raw',
        Key: 'big.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: one.ETag },
            { PartNumber: 2, ETag: two.ETag },
          ],
        },
      }),
    );
    const binaryMd5 = (data: Buffer) => createHash('md5').update(data).digest();
    expect(done.ETag).toBe(
      `"${createHash('md5')
        .update(Buffer.concat([binaryMd5(first), binaryMd5(last)]))
        .digest('hex')}-2"`,
    );
    expect(await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'big.bin' }))).toMatchObject({
      ContentLength: MIN_PART_BYTES + 4,
      ContentType: 'video/mp4',
      Metadata: { 'user-id': 'u9' },
      ETag: done.ETag,
    });
    const seam = await client.send(
      new GetObjectCommand({
        Bucket: 'raw',
        Key: 'big.bin',
        Range: `bytes=${MIN_PART_BYTES - 2}-${MIN_PART_BYTES + 1}`,
      }),
    );
    expect(Buffer.from(await seam.Body!.transformToByteArray())).toEqual(Buffer.from([7, 7, 0x74, 0x61]));
    expect(eventsFor('big.bin').map((n) => n.event.Records[0].eventName)).toEqual([
      'ObjectCreated:CompleteMultipartUpload',
    ]);
    await expect(client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'big.bin', UploadId }))).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });

    const small = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'small.bin' }));
    const a = await client.send(
      new UploadPartCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId, PartNumber: 1, Body: 'a' }),
    );
    const b = await client.send(
      new UploadPartCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId, PartNumber: 2, Body: 'b' }),
    );
    await expect(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'raw',
          Key: 'small.bin',
          UploadId: small.UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: a.ETag },
              { PartNumber: 2, ETag: b.ETag },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await client.send(new AbortMultipartUploadCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId }));
    await expect(
      client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(
      client.send(new AbortMultipartUploadCommand({ Bucket: 'raw', Key: 'small.bin', UploadId: small.UploadId })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  test("a completed upload's parts become its content as they are (nothing copied): read whole, by ranges, copied, after a restart, gone with it", async () => {
    const parts = [Buffer.alloc(MIN_PART_BYTES, 1), Buffer.alloc(MIN_PART_BYTES, 2), Buffer.from('tail!')];
    const whole = Buffer.concat(parts);
    const objectFiles = () =>
      readdirSync(path.join(dataDir, 'objects', 'raw'))
        .filter((name) => name.endsWith('.data'))
        .map((name) => statSync(path.join(dataDir, 'objects', 'raw', name)).size);
    const before = objectFiles();
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'linked.bin' }));
    const etags = [];
    for (const [index, body] of parts.entries())
      etags.push(
        (
          await client.send(
            new UploadPartCommand({ Bucket: 'raw', Key: 'linked.bin', UploadId, PartNumber: index + 1, Body: body }),
          )
        ).ETag,
      );
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'raw',
        Key: 'linked.bin',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })) },
      }),
    );

    // Three files of the parts' sizes, none of the whole's.
    expect(objectFiles().sort((a, b) => a - b)).toEqual(
      [...before, 5, MIN_PART_BYTES, MIN_PART_BYTES].sort((a, b) => a - b),
    );
    const read = async (range?: string) =>
      Buffer.from(
        await (
          await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'linked.bin', Range: range }))
        ).Body!.transformToByteArray(),
      );
    const check = async () => {
      expect((await read()).equals(whole)).toBe(true);
      // Across both seams (Buffer.equals: jest's toEqual walks 5 MB byte by byte).
      const seams = await read(`bytes=${MIN_PART_BYTES - 1}-${2 * MIN_PART_BYTES + 1}`);
      expect(seams.equals(whole.subarray(MIN_PART_BYTES - 1, 2 * MIN_PART_BYTES + 2))).toBe(true);
      expect((await read('bytes=-3')).toString()).toBe('il!');
      expect(await read(`bytes=${MIN_PART_BYTES + 7}-${MIN_PART_BYTES + 9}`)).toEqual(Buffer.from([2, 2, 2]));
    };
    await check();
    await stop();
    await start();
    await check();

    const copied = await client.send(
      new CopyObjectCommand({ Bucket: 'raw', Key: 'linked-copy.bin', CopySource: 'raw/linked.bin' }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5(whole)}"`);
    const copy = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'linked-copy.bin' }));
    expect(Buffer.from(await copy.Body!.transformToByteArray()).equals(whole)).toBe(true);

    // Replaced, then deleted: every file of either content goes.
    await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'linked.bin', Body: 'small now' }));
    expect(objectFiles().sort((a, b) => a - b)).toEqual([...before, 9, whole.length].sort((a, b) => a - b));
    await client.send(new DeleteObjectCommand({ Bucket: 'raw', Key: 'linked.bin' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'raw', Key: 'linked-copy.bin' }));
    expect(objectFiles().sort((a, b) => a - b)).toEqual([...before].sort((a, b) => a - b));
  });

  test('buckets: HeadBucket, ListBuckets, GetBucketLocation', async () => {
    expect((await client.send(new HeadBucketCommand({ Bucket: 'raw' }))).$metadata.httpStatusCode).toBe(200);
    expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['playback', 'raw']);
    expect((await client.send(new GetBucketLocationCommand({ Bucket: 'raw' }))).LocationConstraint).toBeUndefined();
  });

  test("S3's error codes and statuses: EntityTooLarge, MethodNotAllowed, MalformedXML, KeyTooLongError, NotImplemented", async () => {
    await expect(
      client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'huge', Body: Buffer.alloc(MAX_OBJECT + 1) })),
    ).rejects.toMatchObject({
      name: 'EntityTooLarge',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'k'.repeat(1025), Body: 'x' })),
    ).rejects.toMatchObject({ name: 'KeyTooLongError' });

    const signed = async (method: string, url: string, body = '', extra: Record<string, string> = {}) => {
      const headers = await signRequest({
        url,
        method,
        credentials,
        headers: { 'x-amz-content-sha256': sha256Hex(body), ...extra },
      });
      return rawRequest(url, { method, headers, body });
    };
    const post = await signed('POST', `${s3.endpoint}/raw/some-object`);
    expect({ status: post.status, code: errorCode(post.body) }).toEqual({ status: 405, code: 'MethodNotAllowed' });
    expect(post.body).toContain('<ResourceType>OBJECT</ResourceType>');
    const junk = '<Delete><Object><Key>a</Key></Object>';
    const malformed = await signed('POST', `${s3.endpoint}/raw?delete=`, junk, {
      'content-md5': createHash('md5').update(junk).digest('base64'),
      'content-length': String(junk.length),
    });
    expect({ status: malformed.status, code: errorCode(malformed.body) }).toEqual({
      status: 400,
      code: 'MalformedXML',
    });
    const noDigest = await signed('POST', `${s3.endpoint}/raw?delete=`, '<Delete/>', { 'content-length': '9' });
    expect(errorCode(noDigest.body)).toBe('InvalidRequest');
    const acl = await signed('GET', `${s3.endpoint}/raw/x?acl=`);
    expect({ status: acl.status, code: errorCode(acl.body) }).toEqual({ status: 501, code: 'NotImplemented' });
    // Every error carries S3's request id, in the body and the header.
    const requestId = acl.headers['x-amz-request-id'];
    expect(typeof requestId).toBe('string');
    expect(acl.body).toContain(`<RequestId>${String(requestId)}</RequestId>`);
  });

  test("event notifications: S3's record shape, rule filters, and a failing target never fails the write", async () => {
    const before = notifications.length;
    const { ETag } = await client.send(
      new PutObjectCommand({ Bucket: 'raw', Key: 'videos/my clip (1).mp4', Body: 'abc' }),
    );
    const fired = notifications.slice(before);
    expect(fired.map((n) => n.target).sort()).toEqual(['uploads', 'videos']);
    const records = fired[0]?.event.Records ?? [];
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'raw', arn: 'arn:aws:s3:::raw' },
        object: { key: 'videos/my+clip+%281%29.mp4', size: 3, eTag: ETag!.replace(/"/g, '') },
      },
    });
    expect(Date.parse(record.eventTime)).toBeGreaterThan(Date.now() - 60000);
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'videos/not-a-video.txt', Body: 'x' }));
    expect(notifications.slice(before + 2).map((n) => n.target)).toEqual(['uploads']);

    failNotify = true;
    try {
      const put = await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'still-stored', Body: 'x' }));
      expect(put.$metadata.httpStatusCode).toBe(200);
    } finally {
      failNotify = false;
    }
    expect((await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'still-stored' }))).ContentLength).toBe(1);
    expect(logged.some((line) => line.includes('the queue is down'))).toBe(true);
  });

  test('objects, metadata and an unfinished multipart upload survive a restart', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: 'raw',
        Key: 'durable',
        Body: 'kept',
        ContentType: 'text/x-kept',
        Metadata: { 'user-id': 'u2' },
      }),
    );
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'resumed.bin' }));
    const part = await client.send(
      new UploadPartCommand({ Bucket: 'raw', Key: 'resumed.bin', UploadId, PartNumber: 1, Body: 'only part' }),
    );
    await stop();
    await start();
    const got = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'durable' }));
    expect(got).toMatchObject({ ContentType: 'text/x-kept', Metadata: { 'user-id': 'u2' } });
    expect(await got.Body!.transformToString()).toBe('kept');
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'playback', Prefix: 'many/' }))).KeyCount).toBe(1000);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'raw',
        Key: 'resumed.bin',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(
      await (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'resumed.bin' }))).Body!.transformToString(),
    ).toBe('only part');
  });

  test('a process killed mid-upload leaves the previous object whole and nothing half-written', async () => {
    const childDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-kill-'));
    try {
      let child = await startS3Process(childDir, credentials);
      const childClient = new S3Client({
        endpoint: child.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials,
      });
      await childClient.send(new PutObjectCommand({ Bucket: 'raw', Key: 'video', Body: 'version one' }));
      // A second version starts streaming, and the process dies half-way through its body.
      const url = `${child.endpoint}/raw/video`;
      const headers = await signRequest({
        url,
        method: 'PUT',
        credentials,
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(8 * 1024 * 1024) },
      });
      const { request } = await import('node:http');
      const req = request(url, { method: 'PUT', headers });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(4 * 1024 * 1024, 1));
      const temp = path.join(childDir, 'tmp');
      const bytesWritten = () => readdirSync(temp).reduce((sum, file) => sum + statSync(path.join(temp, file)).size, 0);
      await eventually(() => expect(bytesWritten()).toBeGreaterThan(0), { what: 'the body to be half-written' });
      await child.kill();
      req.destroy();
      childClient.destroy();

      child = await startS3Process(childDir, credentials);
      const again = new S3Client({ endpoint: child.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
      try {
        expect(
          await (await again.send(new GetObjectCommand({ Bucket: 'raw', Key: 'video' }))).Body!.transformToString(),
        ).toBe('version one');
        expect((await again.send(new ListObjectsV2Command({ Bucket: 'raw' }))).Contents?.map((o) => o.Key)).toEqual([
          'video',
        ]);
        // The interrupted body was swept at start-up.
        expect(readdirSync(path.join(childDir, 'tmp'))).toEqual([]);
        expect(readdirSync(path.join(childDir, 'objects', 'raw')).filter((f) => f.endsWith('.data'))).toHaveLength(1);
      } finally {
        again.destroy();
        await child.kill();
      }
    } finally {
      if (existsSync(childDir)) rmSync(childDir, { recursive: true, force: true });
    }
  });
});
