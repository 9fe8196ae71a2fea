// Browser uploads with tickets built by the uploads Lambda's own code (buildUploadTicket, i.e.
// @aws-sdk/s3-presigned-post), posted with fetch + FormData as a browser posts them. The valid
// upload is stored and announced; each violation is refused with S3's code, stores nothing and
// announces nothing.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { buildUploadTicket } from '../../functions/uploads/upload-ticket';
import { loadBucketDefinitions, startS3 } from '../../local/s3';
import type { S3Emulator, S3EventNotification } from '../../local/s3';
import { eventually } from '../support/eventually';
import { decodePolicy } from '../support/post-forms';
import { errorCode, rawRequest } from '../support/s3-requests';

const credentials = { accessKeyId: 'AKIALOCALPOSTTEST001', secretAccessKey: 'post-secret' };
const OWNER = 'owner-sub';
const MAX = 1000;
const APP = 'http://app.example';

/** A ticket's form fields, with the three every ticket carries whatever its policy (these tests rewrite them). */
type TicketFields = Record<string, string> & { Policy: string; 'X-Amz-Credential': string; 'X-Amz-Signature': string };
type Ticket = { url: string; videoId: string; fields: TicketFields };

function ticketFields(json: string): TicketFields {
  const fields = JSON.parse(json) as Record<string, string>;
  const { Policy, 'X-Amz-Credential': credential, 'X-Amz-Signature': signature } = fields;
  if (Policy === undefined || credential === undefined || signature === undefined)
    throw new Error(`The ticket's fields lack its policy, credential or signature: ${json}`);
  // The keys exist already, so the form keeps its field order.
  return { ...fields, Policy, 'X-Amz-Credential': credential, 'X-Amz-Signature': signature };
}
type Attempt = (ticket: Ticket) => Promise<{ status: number; body: string }>;

describe('S3 browser POST uploads, verified like S3', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let client: S3Client;
  const notifications: Array<{ target: string; event: S3EventNotification }> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-post-'));
    s3 = await startS3({
      port: 0,
      dataDir,
      credentials,
      buckets: loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, [APP]),
      notify: (target, event) => void notifications.push({ target, event }),
    });
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ticket(expiresInSeconds = 60, contentType = 'video/mp4', s3 = client): Promise<Ticket> {
    const issued = await buildUploadTicket({
      s3,
      bucket: 'raw',
      ownerSub: OWNER,
      contentType,
      size: 10,
      maxBytes: MAX,
      expiresInSeconds,
    });
    return { url: issued.url, videoId: issued.videoId, fields: ticketFields(issued.fields) };
  }

  async function post(
    url: string,
    fields: Record<string, string>,
    file: Buffer | null = Buffer.alloc(10, 1),
    fileLast = true,
    filename = 'clip.mp4',
  ) {
    const form = new FormData();
    if (!fileLast && file) form.append('file', new Blob([file], { type: 'video/mp4' }), filename);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (fileLast && file) form.append('file', new Blob([file], { type: 'video/mp4' }), filename);
    const response = await fetch(url, { method: 'POST', body: form });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  async function stored(): Promise<string[]> {
    const keys: string[] = [];
    for (const Bucket of ['raw', 'playback'])
      keys.push(
        ...((await client.send(new ListObjectsV2Command({ Bucket }))).Contents ?? []).map(
          (object) => `${Bucket}/${object.Key}`,
        ),
      );
    return keys;
  }

  test('a valid upload is stored with its owner metadata and content type, and announced to the uploads queue', async () => {
    const { url, videoId, fields } = await ticket();
    expect(url).toBe(`${s3.endpoint}/raw`);
    const file = Buffer.from('0123456789');
    const result = await post(url, fields, file);
    expect({ status: result.status, body: result.body }).toEqual({ status: 204, body: '' });
    expect(result.headers.get('etag')).toBe(`"${createHash('md5').update(file).digest('hex')}"`);
    expect(result.headers.get('location')).toBe(`${s3.endpoint}/raw/${videoId}`);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: videoId }));
    expect(head).toMatchObject({ ContentLength: 10, ContentType: 'video/mp4', Metadata: { 'user-id': OWNER } });
    const announced = notifications.filter((n) => n.event.Records[0]?.s3.object.key === videoId);
    expect(announced).toHaveLength(1);
    expect(announced[0]?.target).toBe('uploads');
    expect(announced[0]?.event.Records[0]).toMatchObject({
      eventName: 'ObjectCreated:Post',
      eventSource: 'aws:s3',
      s3: {
        bucket: { name: 'raw' },
        object: { key: videoId, size: 10, eTag: createHash('md5').update(file).digest('hex') },
      },
    });
  });

  const bump = (signature: string) => signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
  const violations: Array<[string, Attempt, number, string, string | undefined]> = [
    [
      'a file over the size limit',
      (t) => post(t.url, t.fields, Buffer.alloc(MAX + 1)),
      400,
      'EntityTooLarge',
      '<MaxSizeAllowed>1000</MaxSizeAllowed>',
    ],
    [
      'an empty file',
      (t) => post(t.url, t.fields, Buffer.alloc(0)),
      400,
      'EntityTooSmall',
      '<MinSizeAllowed>1</MinSizeAllowed>',
    ],
    [
      'another owner in the metadata',
      (t) => post(t.url, { ...t.fields, 'x-amz-meta-user-id': 'mallory' }),
      403,
      'AccessDenied',
      'Invalid according to Policy: Policy Condition failed: [&quot;eq&quot;, &quot;$x-amz-meta-user-id&quot;, &quot;owner-sub&quot;]',
    ],
    [
      'another content type',
      (t) => post(t.url, { ...t.fields, 'Content-Type': 'video/webm' }),
      403,
      'AccessDenied',
      'Policy Condition failed: [&quot;eq&quot;, &quot;$Content-Type&quot;, &quot;video/mp4&quot;]',
    ],
    [
      'a content type that is not video',
      (t) => post(t.url, { ...t.fields, 'Content-Type': 'text/html' }),
      403,
      'AccessDenied',
      'Policy Condition failed',
    ],
    [
      'a tampered signature',
      (t) => post(t.url, { ...t.fields, 'X-Amz-Signature': bump(t.fields['X-Amz-Signature']) }),
      403,
      'SignatureDoesNotMatch',
      undefined,
    ],
    [
      'a tampered policy (a bigger size limit)',
      (t) => {
        const policy = decodePolicy(t.fields);
        policy.conditions = policy.conditions.map((c) =>
          Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 1, 10 ** 12] : c,
        );
        return post(
          t.url,
          { ...t.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') },
          Buffer.alloc(MAX + 1),
        );
      },
      403,
      'SignatureDoesNotMatch',
      undefined,
    ],
    [
      'an extra field',
      (t) => post(t.url, { ...t.fields, 'x-amz-meta-admin': 'true' }),
      403,
      'AccessDenied',
      'Invalid according to Policy: Extra input fields: x-amz-meta-admin',
    ],
    [
      'another key',
      (t) => post(t.url, { ...t.fields, key: 'someone-elses-id' }),
      403,
      'AccessDenied',
      'Policy Condition failed: [&quot;eq&quot;, &quot;$key&quot;',
    ],
    [
      'no file',
      (t) => post(t.url, t.fields, null),
      400,
      'InvalidArgument',
      'POST requires exactly one file upload per request.',
    ],
    // S3 ignores fields after the file: with the file first the form carries no signature at all.
    [
      'the file before the fields',
      (t) => post(t.url, t.fields, Buffer.alloc(10, 1), false),
      403,
      'AccessDenied',
      '<Message>Access Denied</Message>',
    ],
    [
      'the policy posted to another bucket',
      (t) => post(t.url.replace('/raw', '/playback'), t.fields),
      403,
      'AccessDenied',
      'Policy Condition failed: [&quot;eq&quot;, &quot;$bucket&quot;, &quot;raw&quot;]',
    ],
    [
      'no signature field',
      (t) => post(t.url, Object.fromEntries(Object.entries(t.fields).filter(([name]) => name !== 'X-Amz-Signature'))),
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
    ],
    [
      'a credential for another access key',
      (t) =>
        post(t.url, {
          ...t.fields,
          'X-Amz-Credential': t.fields['X-Amz-Credential'].replace(credentials.accessKeyId, 'AKIAOTHER00000000000'),
        }),
      403,
      'InvalidAccessKeyId',
      '<AWSAccessKeyId>AKIAOTHER00000000000</AWSAccessKeyId>',
    ],
  ];

  test.each(violations)('refuses %s, storing and announcing nothing', async (_name, attempt, status, code, message) => {
    const before = await stored();
    const announced = notifications.length;
    const result = await attempt(await ticket());
    expect({ status: result.status, code: errorCode(result.body) }).toEqual({ status, code });
    if (message) expect(result.body).toContain(message);
    expect(await stored()).toEqual(before);
    expect(notifications.length).toBe(announced);
    // Not even a half-written body is left behind.
    expect(readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  test('a browser that goes away mid-upload leaves nothing behind', async () => {
    const { request } = await import('node:http');
    const { url, fields } = await ticket();
    const boundary = 'videopipe-abort-boundary';
    const head = Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const before = await stored();
    const announced = notifications.length;
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(10 * MAX) },
    });
    req.on('error', () => undefined);
    req.write(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n\r\n${'x'.repeat(100)}`,
    );
    // The body is being written when the browser goes; then its temp file goes too.
    const temp = path.join(dataDir, 'tmp');
    await eventually(() => expect(readdirSync(temp)).toHaveLength(1), { what: 'the upload to begin' });
    req.destroy();
    await eventually(() => expect(readdirSync(temp)).toEqual([]), { what: 'the half-written body to go' });
    expect(await stored()).toEqual(before);
    expect(notifications.length).toBe(announced);
  });

  test('refuses an expired policy: AccessDenied "Policy expired."', async () => {
    const before = await stored();
    // A ticket for 1 s, issued 10 s ago: the SDK signs at its clock, which the offset sets back.
    const late = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      systemClockOffset: -10_000,
    });
    const expired = await ticket(1, 'video/mp4', late);
    late.destroy();
    const result = await post(expired.url, expired.fields);
    expect({ status: result.status, code: errorCode(result.body) }).toEqual({ status: 403, code: 'AccessDenied' });
    expect(result.body).toContain('<Message>Invalid according to Policy: Policy expired.</Message>');
    expect(await stored()).toEqual(before);
  });

  test('field names are case-insensitive; x-ignore- fields need no condition', async () => {
    const { url, videoId, fields } = await ticket();
    const lowered = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value]));
    expect((await post(url, { ...lowered, 'x-ignore-tracking': 'anything' })).status).toBe(204);
    expect((await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: videoId }))).Metadata).toEqual({
      'user-id': OWNER,
    });
  });

  test("success_action_status 201 answers with S3's PostResponse; ${filename} becomes the file's name", async () => {
    const { url, fields } = await createPresignedPost(client, {
      Bucket: 'raw',
      Key: 'uploads/${filename}',
      Fields: { success_action_status: '201', 'Content-Type': 'video/mp4' },
      Conditions: [['content-length-range', 1, MAX]],
      Expires: 60,
    });
    const result = await post(url, fields, Buffer.from('abc'), true, 'C:\\Users\\me\\holiday clip.mp4');
    expect(result.status).toBe(201);
    expect(result.body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${s3.endpoint}/raw/uploads%2Fholiday%20clip.mp4</Location><Bucket>raw</Bucket><Key>uploads/holiday clip.mp4</Key><ETag>"${createHash('md5').update('abc').digest('hex')}"</ETag></PostResponse>`,
    );
    expect(
      (await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'uploads/holiday clip.mp4' }))).ContentLength,
    ).toBe(3);
  });

  test('a form cut off inside the file is MalformedPOSTRequest, and stores nothing', async () => {
    const { url, fields } = await ticket();
    const boundary = 'videopipe-cut-boundary';
    const body = Buffer.from(
      Object.entries(fields)
        .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join('') +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n\r\n0123456789`,
    );
    const before = await stored();
    const response = await rawRequest(url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
      body,
    });
    expect({ status: response.status, code: errorCode(response.body) }).toEqual({
      status: 400,
      code: 'MalformedPOSTRequest',
    });
    expect(await stored()).toEqual(before);
  });

  test('success_action_redirect: 303 to the URL with bucket, key and etag appended, as S3 does', async () => {
    const { url, fields } = await createPresignedPost(client, {
      Bucket: 'raw',
      Key: 'redirected/clip.mp4',
      Fields: { success_action_redirect: 'http://app.example/done?from=upload' },
      Conditions: [['content-length-range', 1, MAX]],
      Expires: 60,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob(['abc']), 'clip.mp4');
    const response = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `http://app.example/done?from=upload&bucket=raw&key=redirected%2Fclip.mp4&etag=%22${createHash('md5').update('abc').digest('hex')}%22`,
    );
  });

  test('a POST that is not multipart/form-data is 412, as on S3', async () => {
    const { url } = await ticket();
    const response = await fetch(url, {
      method: 'POST',
      body: 'key=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect({ status: response.status, code: errorCode(await response.text()) }).toEqual({
      status: 412,
      code: 'PreconditionFailed',
    });
  });
});
