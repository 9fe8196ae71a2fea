// The product's buckets as terraform/buckets.json configures them (Object Ownership
// BucketOwnerEnforced, default encryption SSE-S3), driven through the local S3 with the AWS SDK v3:
// ACLs are refused with S3's error and the refused write stores and announces nothing; every
// object operation reports the encryption S3 reports; SSE-KMS is taken with the account's aws/s3
// key only, other keys and unknown algorithms are refused with S3's errors.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { ServerSideEncryption } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { loadBucketDefinitions, startS3 } from '../../local/s3';
import type { S3Emulator, S3EventNotification } from '../../local/s3';
import { awsManagedKeyArn } from '../../local/s3/server-side-encryption';
import { errorCode, rawRequest } from '../support/s3-requests';

const credentials = {
  accessKeyId: 'AKIALOCALBUCKETSET01',
  secretAccessKey: 'bucket-settings-secret',
  accountId: '111122223333',
};
const REGION = 'us-east-1';
const MANAGED_KEY = awsManagedKeyArn(REGION, credentials.accountId);
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

/** An S3 error as the SDK surfaces it: HTTP status, code and message. */
async function refusal(action: Promise<unknown>): Promise<{ status?: number; code: string; message: string }> {
  try {
    await action;
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return { status: error.$metadata.httpStatusCode, code: error.name, message: error.message };
  }
  throw new Error('the request was accepted');
}

const ACL_REFUSED = { status: 400, code: 'AccessControlListNotSupported', message: 'The bucket does not allow ACLs' };

describe('the buckets as configured: ACLs disabled, SSE-S3 by default', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let client: S3Client;
  const notifications: Array<{ target: string; event: S3EventNotification }> = [];
  let counter = 0;
  const newKey = (label: string) => `${label}-${++counter}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bucket-settings-'));
    s3 = await startS3({
      port: 0,
      dataDir,
      region: REGION,
      credentials,
      buckets: loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, ['http://app.example']),
      notify: (target, event) => void notifications.push({ target, event }),
    });
    client = new S3Client({ endpoint: s3.endpoint, region: REGION, forcePathStyle: true, credentials });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const announced = (key: string) => notifications.filter((n) => n.event.Records[0].s3.object.key === key);
  async function storedKeys(bucket: string): Promise<string[]> {
    return ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map(
      (object) => object.Key!,
    );
  }
  async function pendingUploads(bucket: string): Promise<string[]> {
    return ((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map(
      (upload) => upload.Key!,
    );
  }
  async function post(fields: Record<string, string>, key: string, file = Buffer.from('posted')) {
    const { url, fields: signed } = await createPresignedPost(client, {
      Bucket: 'raw',
      Key: key,
      Fields: fields,
      Expires: 60,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(signed)) form.append(name, value);
    form.append('file', new Blob([file], { type: 'video/mp4' }), 'clip.mp4');
    const response = await fetch(url, { method: 'POST', body: form });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  describe('ACLs', () => {
    test("PutObject with a canned ACL or a grant is refused with S3's error; nothing is stored or announced", async () => {
      const key = newKey('acl-put');
      expect(
        await refusal(client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: 'x', ACL: 'public-read' }))),
      ).toEqual(ACL_REFUSED);
      expect(
        await refusal(client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: 'x', ACL: 'private' }))),
      ).toEqual(ACL_REFUSED);
      expect(
        await refusal(
          client.send(new PutObjectCommand({ Bucket: 'playback', Key: key, Body: 'x', ACL: 'public-read' })),
        ),
      ).toEqual(ACL_REFUSED);
      expect(
        await refusal(
          client.send(
            new PutObjectCommand({
              Bucket: 'raw',
              Key: key,
              Body: 'x',
              GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
            }),
          ),
        ),
      ).toEqual(ACL_REFUSED);
      expect(await storedKeys('raw')).not.toContain(key);
      expect(await storedKeys('playback')).not.toContain(key);
      expect(announced(key)).toEqual([]);
    });

    test('CopyObject and CreateMultipartUpload with an ACL are refused the same way', async () => {
      const source = newKey('acl-source');
      await client.send(new PutObjectCommand({ Bucket: 'raw', Key: source, Body: 'source' }));
      const copy = newKey('acl-copy');
      expect(
        await refusal(
          client.send(
            new CopyObjectCommand({ Bucket: 'raw', Key: copy, CopySource: `raw/${source}`, ACL: 'public-read' }),
          ),
        ),
      ).toEqual(ACL_REFUSED);
      const multipart = newKey('acl-multipart');
      expect(
        await refusal(
          client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: multipart, ACL: 'authenticated-read' })),
        ),
      ).toEqual(ACL_REFUSED);
      expect(
        await refusal(
          client.send(
            new CreateMultipartUploadCommand({ Bucket: 'raw', Key: multipart, GrantFullControl: 'id="someone-else"' }),
          ),
        ),
      ).toEqual(ACL_REFUSED);
      expect(await storedKeys('raw')).not.toContain(copy);
      expect(await pendingUploads('raw')).not.toContain(multipart);
      expect(announced(copy)).toEqual([]);
    });

    test('a browser POST with an acl field its policy covers is refused; nothing is stored or announced', async () => {
      const key = newKey('acl-post');
      const result = await post({ acl: 'public-read' }, key);
      expect(result.status).toBe(400);
      expect(errorCode(result.body)).toBe('AccessControlListNotSupported');
      expect(result.body).toContain('<Message>The bucket does not allow ACLs</Message>');
      expect(await storedKeys('raw')).not.toContain(key);
      expect(announced(key)).toEqual([]);
    });

    test('no ACL, or bucket-owner-full-control, is accepted: stored, and the upload announced (the negative control)', async () => {
      const plain = newKey('no-acl');
      await client.send(new PutObjectCommand({ Bucket: 'raw', Key: plain, Body: 'x' }));
      const owner = newKey('owner-full-control');
      await client.send(
        new PutObjectCommand({ Bucket: 'raw', Key: owner, Body: 'x', ACL: 'bucket-owner-full-control' }),
      );
      const copied = newKey('owner-full-control-copy');
      await client.send(
        new CopyObjectCommand({
          Bucket: 'raw',
          Key: copied,
          CopySource: `raw/${plain}`,
          ACL: 'bucket-owner-full-control',
        }),
      );
      const posted = newKey('owner-full-control-post');
      expect((await post({ acl: 'bucket-owner-full-control' }, posted)).status).toBe(204);
      expect(await storedKeys('raw')).toEqual(expect.arrayContaining([plain, owner, copied, posted]));
      expect(announced(posted)).toHaveLength(1);
      // The raw bucket notifies uploads only (s3:ObjectCreated:Post, :CompleteMultipartUpload), not a
      // PUT or a copy: process-upload's own copies to accepted/ must not notify it again.
      for (const key of [plain, owner, copied]) expect(announced(key)).toEqual([]);
    });
  });

  describe('SSE-S3 reported as S3 reports it', () => {
    test('PutObject, HeadObject, GetObject and CopyObject say AES256', async () => {
      const key = newKey('sse-put');
      const put = await client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: 'hello' }));
      expect(put.ServerSideEncryption).toBe('AES256');
      expect(put.ETag).toBe(`"${md5('hello')}"`);
      expect((await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: key }))).ServerSideEncryption).toBe(
        'AES256',
      );
      const get = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: key }));
      expect(get.ServerSideEncryption).toBe('AES256');
      expect(await get.Body!.transformToString()).toBe('hello');
      const copy = await client.send(
        new CopyObjectCommand({ Bucket: 'playback', Key: newKey('sse-copy'), CopySource: `raw/${key}` }),
      );
      expect(copy.ServerSideEncryption).toBe('AES256');
      // Asking for AES256 is the same; an anonymous read of the public bucket reports it too.
      const explicit = newKey('sse-explicit');
      expect(
        (
          await client.send(
            new PutObjectCommand({ Bucket: 'playback', Key: explicit, Body: 'x', ServerSideEncryption: 'AES256' }),
          )
        ).ServerSideEncryption,
      ).toBe('AES256');
      const anonymous = await rawRequest(`${s3.endpoint}/playback/${explicit}`, { method: 'GET' });
      expect(anonymous.status).toBe(200);
      expect(anonymous.headers['x-amz-server-side-encryption']).toBe('AES256');
    });

    test('CreateMultipartUpload, UploadPart and CompleteMultipartUpload say AES256, and so does the object', async () => {
      const key = newKey('sse-multipart');
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: key }));
      expect(created.ServerSideEncryption).toBe('AES256');
      const part = await client.send(
        new UploadPartCommand({
          Bucket: 'raw',
          Key: key,
          UploadId: created.UploadId,
          PartNumber: 1,
          Body: 'only part',
        }),
      );
      expect(part.ServerSideEncryption).toBe('AES256');
      const completed = await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'raw',
          Key: key,
          UploadId: created.UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
        }),
      );
      expect(completed.ServerSideEncryption).toBe('AES256');
      expect((await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: key }))).ServerSideEncryption).toBe(
        'AES256',
      );
    });

    test("a browser POST's answer says AES256", async () => {
      const result = await post({}, newKey('sse-post'));
      expect(result.status).toBe(204);
      expect(result.headers.get('x-amz-server-side-encryption')).toBe('AES256');
    });
  });

  describe('SSE-KMS and unknown algorithms', () => {
    test("aws:kms without a key uses the account's aws/s3 key, reported on every operation; the ETag is not the MD5", async () => {
      const key = newKey('kms');
      const put = await client.send(
        new PutObjectCommand({ Bucket: 'raw', Key: key, Body: 'secret', ServerSideEncryption: 'aws:kms' }),
      );
      expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: MANAGED_KEY });
      expect(put.ETag).not.toBe(`"${md5('secret')}"`);
      expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
      const head = await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: key }));
      expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: MANAGED_KEY, ETag: put.ETag });
      const get = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: key }));
      expect(get).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: MANAGED_KEY });
      expect(await get.Body!.transformToString()).toBe('secret');
      const upload = await client.send(
        new CreateMultipartUploadCommand({
          Bucket: 'raw',
          Key: newKey('kms-multipart'),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'alias/aws/s3',
        }),
      );
      expect(upload).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: MANAGED_KEY });
      const part = await client.send(
        new UploadPartCommand({ Bucket: 'raw', Key: upload.Key, UploadId: upload.UploadId, PartNumber: 1, Body: 'p' }),
      );
      expect(part).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: MANAGED_KEY });
    });

    test("an anonymous read of an SSE-KMS object in the public bucket is S3's SigV4 error", async () => {
      const key = newKey('kms-public');
      await client.send(
        new PutObjectCommand({ Bucket: 'playback', Key: key, Body: 'x', ServerSideEncryption: 'aws:kms' }),
      );
      const anonymous = await rawRequest(`${s3.endpoint}/playback/${key}`, { method: 'GET' });
      expect(anonymous.status).toBe(400);
      expect(errorCode(anonymous.body)).toBe('InvalidArgument');
      expect(anonymous.body).toContain(
        '<Message>Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.</Message>',
      );
    });

    test('a KMS key the account does not have is KMS.NotFoundException; nothing is stored, started or announced', async () => {
      const key = newKey('kms-missing');
      const missing = (SSEKMSKeyId: string) => ({
        Bucket: 'raw',
        Key: key,
        ServerSideEncryption: 'aws:kms' as const,
        SSEKMSKeyId,
      });
      expect(await refusal(client.send(new PutObjectCommand({ ...missing('fake-key-id'), Body: 'x' })))).toEqual({
        status: 400,
        code: 'KMS.NotFoundException',
        message: "Invalid keyId 'fake-key-id'",
      });
      const uuid = '134f2428-cec1-4b25-a1ae-9048164dba47';
      expect(await refusal(client.send(new PutObjectCommand({ ...missing(uuid), Body: 'x' })))).toEqual({
        status: 400,
        code: 'KMS.NotFoundException',
        message: `Key 'arn:aws:kms:${REGION}:${credentials.accountId}:key/${uuid}' does not exist`,
      });
      expect(await refusal(client.send(new CreateMultipartUploadCommand(missing('alias/videopipe'))))).toEqual({
        status: 400,
        code: 'KMS.NotFoundException',
        message: `Alias arn:aws:kms:${REGION}:${credentials.accountId}:alias/videopipe is not found.`,
      });
      await client.send(new PutObjectCommand({ Bucket: 'raw', Key: `${key}-source`, Body: 'x' }));
      expect(
        await refusal(
          client.send(
            new CopyObjectCommand({
              ...missing(`arn:aws:kms:us-west-2:${credentials.accountId}:key/${uuid}`),
              CopySource: `raw/${key}-source`,
            }),
          ),
        ),
      ).toEqual({
        status: 400,
        code: 'KMS.NotFoundException',
        message: 'Invalid arn us-west-2',
      });
      expect(await storedKeys('raw')).not.toContain(key);
      expect(await pendingUploads('raw')).not.toContain(key);
      expect(announced(key)).toEqual([]);
    });

    test('unknown algorithms, and a KMS key without aws:kms, are InvalidArgument; nothing is stored', async () => {
      const key = newKey('sse-invalid');
      expect(
        await refusal(
          client.send(
            new PutObjectCommand({
              Bucket: 'raw',
              Key: key,
              Body: 'x',
              ServerSideEncryption: 'AES512' as ServerSideEncryption,
            }),
          ),
        ),
      ).toEqual({
        status: 400,
        code: 'InvalidArgument',
        message: 'The encryption method specified is not supported',
      });
      expect(
        await refusal(
          client.send(
            new PutObjectCommand({
              Bucket: 'raw',
              Key: key,
              Body: 'x',
              ServerSideEncryption: 'AES256',
              SSEKMSKeyId: 'alias/aws/s3',
            }),
          ),
        ),
      ).toEqual({
        status: 400,
        code: 'InvalidArgument',
        message:
          'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      });
      const posted = await post({ 'x-amz-server-side-encryption': 'aes256' }, key);
      expect(posted.status).toBe(400);
      expect(posted.body).toContain(
        '<Code>InvalidArgument</Code><Message>The encryption method specified is not supported</Message>',
      );
      expect(await storedKeys('raw')).not.toContain(key);
      expect(announced(key)).toEqual([]);
    });
  });
});
