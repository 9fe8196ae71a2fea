// Browser uploads with tickets built by the uploads Lambda's own code, each policy condition
// violated in turn: refused with S3's error code, nothing stored, nothing announced.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { buildUploadTicket } from '../../functions/uploads/upload-ticket';
import { startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';

const credentials = { accessKeyId: 'AKIALOCALPOSTTEST001', secretAccessKey: 'post-secret', accountId: '000000000000' };
const OWNER = 'owner-sub';
const MAX = 1000;

describe('S3 browser POST uploads', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let client: S3Client;
  const events: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-post-'));
    s3 = await startS3({ port: 0, dataDir, credentials, buckets: [{ name: 'raw', access: 'private' }], onEvent: (_b, name, object) => events.push(`${name} ${object.key}`) });
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ticket(expiresInSeconds = 60) {
    const issued = await buildUploadTicket({ s3: client, bucket: 'raw', ownerSub: OWNER, contentType: 'video/mp4', size: 10, maxBytes: MAX, expiresInSeconds });
    return { url: issued.url, videoId: issued.videoId, fields: JSON.parse(issued.fields) as Record<string, string> };
  }

  async function post(url: string, fields: Record<string, string>, file: Buffer | null = Buffer.alloc(10, 1), fileLast = true) {
    const form = new FormData();
    if (!fileLast && file) form.append('file', new Blob([file], { type: 'video/mp4' }), 'clip.mp4');
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (fileLast && file) form.append('file', new Blob([file], { type: 'video/mp4' }), 'clip.mp4');
    const response = await fetch(url, { method: 'POST', body: form });
    return { status: response.status, body: await response.text() };
  }

  async function stored(): Promise<string[]> {
    return ((await client.send(new ListObjectsV2Command({ Bucket: 'raw' }))).Contents ?? []).map((object) => object.Key!);
  }

  test('a valid upload is stored with its owner and type, and announced', async () => {
    const { url, videoId, fields } = await ticket();
    const result = await post(url, fields);
    expect(result).toEqual({ status: 204, body: '' });
    const head = await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: videoId }));
    expect(head).toMatchObject({ ContentLength: 10, ContentType: 'video/mp4', Metadata: { 'user-id': OWNER } });
    expect(events).toContain(`ObjectCreated:Post ${videoId}`);
  });

  test.each([
    ['over the size limit', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, t.fields, Buffer.alloc(MAX + 1)), 'EntityTooLarge'],
    ['an empty file', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, t.fields, Buffer.alloc(0)), 'EntityTooSmall'],
    ['another owner in the metadata', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, { ...t.fields, 'x-amz-meta-user-id': 'mallory' }), 'AccessDenied'],
    ['another content type', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, { ...t.fields, 'Content-Type': 'video/webm' }), 'AccessDenied'],
    ['a non-video content type', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, { ...t.fields, 'Content-Type': 'text/html' }), 'AccessDenied'],
    ['another key', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, { ...t.fields, key: 'someone-elses-id' }), 'AccessDenied'],
    ['a tampered signature', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, { ...t.fields, 'X-Amz-Signature': t.fields['X-Amz-Signature'].replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }), 'SignatureDoesNotMatch'],
    ['a tampered policy', async (t: Awaited<ReturnType<typeof ticket>>) => {
      const policy = JSON.parse(Buffer.from(t.fields.Policy, 'base64').toString('utf8'));
      policy.conditions = policy.conditions.map((c: unknown) => (Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 1, 10 ** 12] : c));
      return post(t.url, { ...t.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') });
    }, 'SignatureDoesNotMatch'],
    ['an extra field', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, { ...t.fields, 'x-amz-meta-admin': 'true' }), 'AccessDenied'],
    ['no file', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, t.fields, null), 'MalformedPOSTRequest'],
    ['the file before the fields', async (t: Awaited<ReturnType<typeof ticket>>) => post(t.url, t.fields, Buffer.alloc(10, 1), false), 'AccessDenied'],
  ])('refuses %s, storing nothing', async (_name, attempt, code) => {
    const before = await stored();
    const eventsBefore = events.length;
    const result = await attempt(await ticket());
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.body).toContain(`<Code>${code}</Code>`);
    expect(await stored()).toEqual(before);
    expect(events.length).toBe(eventsBefore);
  });

  test('refuses an expired policy', async () => {
    const expired = await ticket(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const result = await post(expired.url, expired.fields);
    expect(result.status).toBe(403);
    expect(result.body).toContain('Policy expired');
  });
});
