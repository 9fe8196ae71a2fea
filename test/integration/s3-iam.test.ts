// The local S3 held to IAM with principals of the test's own making: HeadObject/GetObject of a
// missing key is 404 only to a caller allowed s3:ListBucket on the bucket, 403 to any other.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { LocalIam } from '../../local/iam';
import type { LocalPrincipal, PolicyDocument } from '../../local/iam';
import { startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';

const policy = (...statements: PolicyDocument['Statement']): PolicyDocument[] => [
  { Version: '2012-10-17', Statement: statements },
];
const readOnly = policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::raw/*'] });
const root: LocalPrincipal = {
  accessKeyId: 'AKIAROOT000000000001',
  secretAccessKey: 'root-secret',
  arn: 'arn:aws:iam::000000000000:user/videopipe-local',
};
const reader: LocalPrincipal = {
  accessKeyId: 'ASIAREADER0000000001',
  secretAccessKey: 'reader-secret',
  arn: 'arn:aws:sts::000000000000:assumed-role/reader/session',
  policies: readOnly,
};
const lister: LocalPrincipal = {
  accessKeyId: 'ASIALISTER0000000001',
  secretAccessKey: 'lister-secret',
  arn: 'arn:aws:sts::000000000000:assumed-role/lister/session',
  policies: policy(
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::raw/*'] },
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::raw'] },
    { Effect: 'Deny', Action: ['s3:DeleteObject'], Resource: ['arn:aws:s3:::raw/kept/*'] },
  ),
};

describe('the local S3 under IAM', () => {
  let dataDir: string;
  let s3: S3Emulator;
  const clients: S3Client[] = [];
  const as = (principal: LocalPrincipal) => {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: principal,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-iam-'));
    s3 = await startS3({
      port: 0,
      dataDir,
      credentials: new LocalIam('000000000000', [root, reader, lister]),
      buckets: [{ name: 'raw', access: 'private' }],
    });
    await as(root).send(new PutObjectCommand({ Bucket: 'raw', Key: 'there.mp4', Body: 'bytes' }));
    await as(root).send(new PutObjectCommand({ Bucket: 'raw', Key: 'kept/a.mp4', Body: 'bytes' }));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('without s3:ListBucket a missing key is 403 AccessDenied, naming the ListBucket it lacks', async () => {
    await expect(as(reader).send(new HeadObjectCommand({ Bucket: 'raw', Key: 'missing.mp4' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await expect(as(reader).send(new GetObjectCommand({ Bucket: 'raw', Key: 'missing.mp4' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${reader.arn} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::raw" because no identity-based policy allows the s3:ListBucket action`,
    });
    // Negative control: the same caller reads a key that is there.
    expect((await as(reader).send(new HeadObjectCommand({ Bucket: 'raw', Key: 'there.mp4' }))).ContentLength).toBe(5);
  });

  test('with s3:ListBucket (and for root) a missing key is 404', async () => {
    await expect(as(lister).send(new HeadObjectCommand({ Bucket: 'raw', Key: 'missing.mp4' }))).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(as(lister).send(new GetObjectCommand({ Bucket: 'raw', Key: 'missing.mp4' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    await expect(as(root).send(new HeadObjectCommand({ Bucket: 'raw', Key: 'missing.mp4' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('DeleteObjects asks IAM key by key: an explicitly denied key is an AccessDenied entry, the others go', async () => {
    await as(root).send(new PutObjectCommand({ Bucket: 'raw', Key: 'gone.mp4', Body: 'bytes' }));
    const result = await as(lister).send(
      new DeleteObjectsCommand({ Bucket: 'raw', Delete: { Objects: [{ Key: 'gone.mp4' }, { Key: 'kept/a.mp4' }] } }),
    );
    expect(result.Deleted?.map((entry) => entry.Key)).toEqual(['gone.mp4']);
    expect(result.Errors).toEqual([{ Key: 'kept/a.mp4', Code: 'AccessDenied', Message: 'Access Denied' }]);
    expect((await as(root).send(new HeadObjectCommand({ Bucket: 'raw', Key: 'kept/a.mp4' }))).ContentLength).toBe(5);
    await expect(as(reader).send(new HeadObjectCommand({ Bucket: 'raw', Key: 'gone.mp4' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
  });
});
