// Multipart uploads (issue 15) through the public GraphQL API of the suite's local cloud, the parts
// PUT to their presigned URLs as a browser sends them: the whole path to a transcoded video, the
// listing a resumed upload goes by, and what S3 and the API refuse: another size than the part's,
// an incomplete upload, another user, and an upload left behind.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, ListPartsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DEFAULT_UPLOAD_LIMITS } from '../../common/constants/upload-limits';
import { partRange } from '../../common/multipart-parts';
import { multipartUploadKey } from '../../functions/lib/adapters/dynamodb-multipart-upload-records';
import { usageKey, utcMinute } from '../../functions/lib/usage-windows';
import { loadBucketDefinitions } from '../../local/s3/buckets';
import { abortIncompleteUploads } from '../../local/s3/lifecycle';
import { MultipartStore } from '../../local/s3/multipart-store';
import { testEndpoints } from '../support/endpoints';
import { finalStatusEvent, s3Client, subscribeToVideo } from '../support/faults';
import { graphql } from '../support/graphql-client';
import { makeClip } from '../support/media';
import { dataOf, multipartApi, putPart } from '../support/multipart-uploads';
import type { MultipartUploadView, PartUrl } from '../support/multipart-uploads';
import type { RealtimeClient } from '../support/realtime-client';
import { askForTicket } from '../support/upload-tickets';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient } from '../support/videos';

jest.setTimeout(180_000);

const MIB = 1024 * 1024;
/** Three parts: two of 8 MiB and the rest. */
const THREE_PARTS = 17_000_000;
const GET = 'query G($id: ID!) { getVideo(id: $id) { id userId title status width height } }';

const endpoints = testEndpoints();
let dir: string;
let s3: S3Client;
let db: DynamoDBClient;
const sockets: RealtimeClient[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-multipart-'));
  s3 = s3Client(endpoints);
  db = dynamoClient(endpoints);
});
afterAll(() => {
  sockets.forEach((socket) => socket.close());
  s3.destroy();
  db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A user, their API calls, and an upload of theirs started for `size` bytes. */
async function startedUpload(size: number, name = 'uploader') {
  const user = await createUser(endpoints, name);
  const api = multipartApi(endpoints, user);
  const upload = dataOf<MultipartUploadView>(await api.start(size), 'startMultipartUpload');
  return { user, api, upload };
}

async function partUrls(api: ReturnType<typeof multipartApi>, videoId: string, numbers: number[]) {
  return dataOf<PartUrl[]>(await api.sign(videoId, numbers), 'createUploadPartUrls');
}

/** Sends the file's bytes of each part to its URL; each must be stored. */
async function sendParts(file: Buffer, upload: MultipartUploadView, urls: PartUrl[]): Promise<void> {
  for (const { partNumber, url } of urls) {
    const { start, end } = partRange({ ...upload, size: file.length }, partNumber);
    const sent = await putPart(url, file.subarray(start, end));
    expect({ partNumber, status: sent.status, code: sent.code }).toEqual({ partNumber, status: 200, code: undefined });
  }
}

async function uploadRecord(videoId: string): Promise<Record<string, unknown> | null> {
  const { Item } = await db.send(
    new GetItemCommand({
      TableName: 'videos',
      Key: marshall({ id: multipartUploadKey(videoId) }),
      ConsistentRead: true,
    }),
  );
  return Item ? unmarshall(Item) : null;
}

async function s3PartNumbers(videoId: string, uploadId: string): Promise<number[] | 'NoSuchUpload'> {
  try {
    const listed = await s3.send(
      new ListPartsCommand({ Bucket: endpoints.rawBucket, Key: videoId, UploadId: uploadId }),
    );
    return (listed.Parts ?? []).map((part) => part.PartNumber ?? 0);
  } catch (error) {
    if ((error as Error).name === 'NoSuchUpload') return 'NoSuchUpload';
    throw error;
  }
}

describe('a multipart upload', () => {
  test('of a 17 MB video in three parts: start, sign, PUT, list, complete; the video is registered and transcoded', async () => {
    // Prepare: a real 4-second clip at a high bitrate, over two 8 MiB parts.
    const file = path.join(dir, 'three-parts.mp4');
    makeClip(file, { width: 320, height: 240, seconds: 4, bitrate: '36M' });
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(16 * MIB);
    expect(bytes.length).toBeLessThan(24 * MIB);
    const user = await createUser(endpoints, 'multipart');
    const api = multipartApi(endpoints, user);
    const socket = await subscribeToVideo(endpoints, user, undefined);
    sockets.push(socket);

    // Act: start
    const started = Date.now();
    const upload = dataOf<MultipartUploadView>(await api.start(bytes.length), 'startMultipartUpload');

    // Assess: the server's plan, nothing uploaded, aborted by the lifecycle rule within two days.
    expect(upload).toEqual({
      videoId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      contentType: 'video/mp4',
      size: bytes.length,
      partSize: 8 * MIB,
      partCount: 3,
      uploadedParts: [],
      expiresAt: expect.any(String),
      maxBytes: DEFAULT_UPLOAD_LIMITS.maxMultipartUploadBytes,
    });
    const expiresAt = Date.parse(upload.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(started + 24 * 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(started + 48 * 3600_000);
    expect(expiresAt % (24 * 3600_000)).toBe(0);

    // Act: every URL in one call, each part PUT as a browser sends it.
    const urls = await partUrls(api, upload.videoId, [1, 2, 3]);
    expect(urls.map(({ partNumber, size }) => ({ partNumber, size }))).toEqual([
      { partNumber: 1, size: 8 * MIB },
      { partNumber: 2, size: 8 * MIB },
      { partNumber: 3, size: bytes.length - 16 * MIB },
    ]);
    expect(Date.parse(urls[0]!.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(urls[0]!.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    // Nothing a client could not send: the content length is signed, no checksum of an empty body.
    const query = new URL(urls[0]!.url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    expect([...query.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(query.has('uploadId')).toBe(true);
    await sendParts(bytes, upload, urls);

    // Assess: S3 holds the three parts, as the listing says.
    const listed = dataOf<MultipartUploadView>(await api.find(upload.videoId), 'multipartUpload');
    expect(listed).toEqual({ ...upload, uploadedParts: urls.map(({ partNumber, size }) => ({ partNumber, size })) });

    // Act: complete, which registers the video.
    const video = dataOf<Record<string, unknown>>(
      await api.complete(upload.videoId, 'Three parts'),
      'completeMultipartUpload',
    );

    // Assess: the caller's video (its owner check read the owner the start set on the object),
    // processed by the same pipeline as a POST upload.
    expect(video).toMatchObject({ id: upload.videoId, title: 'Three parts', status: 'PROCESSING' });
    const registered = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, GET, { id: upload.videoId });
    expect(registered.data!.getVideo).toMatchObject({ id: upload.videoId, userId: user.sub, title: 'Three parts' });
    expect(await uploadRecord(upload.videoId)).toBeNull();
    expect(dataOf(await api.find(upload.videoId), 'multipartUpload')).toBeNull();
    expect((await finalStatusEvent(socket, upload.videoId)).status).toBe('DONE');
    const done = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, GET, { id: upload.videoId });
    expect(done.data!.getVideo).toEqual({
      id: upload.videoId,
      userId: user.sub,
      title: 'Three parts',
      status: 'DONE',
      width: 320,
      height: 240,
    });
    // Completing again registers nothing twice.
    const again = await api.complete(upload.videoId, 'Again');
    expect(again.errors?.[0]).toMatchObject({
      errorType: 'ConflictError',
      message: `Video ${upload.videoId} is already registered.`,
    });
  });

  test('resumes: the listing names the parts S3 holds, and the rest are all it takes', async () => {
    // Prepare: two of three parts sent, then the client "reloads".
    const bytes = randomBytes(THREE_PARTS);
    const { api, upload } = await startedUpload(bytes.length);
    await sendParts(bytes, upload, await partUrls(api, upload.videoId, [3, 1]));

    // Act
    const listed = dataOf<MultipartUploadView>(await api.find(upload.videoId), 'multipartUpload');

    // Assess: in order, with their sizes; the missing part is what remains to send.
    expect(listed.uploadedParts).toEqual([
      { partNumber: 1, size: 8 * MIB },
      { partNumber: 3, size: THREE_PARTS - 16 * MIB },
    ]);
    const uploaded = new Set(listed.uploadedParts.map((part) => part.partNumber));
    const remaining = [1, 2, 3].filter((partNumber) => !uploaded.has(partNumber));
    expect(remaining).toEqual([2]);
    await sendParts(bytes, upload, await partUrls(api, upload.videoId, remaining));
    expect(dataOf<MultipartUploadView>(await api.find(upload.videoId), 'multipartUpload').uploadedParts).toHaveLength(
      3,
    );
    await api.abort(upload.videoId);
  });
});

describe('what a multipart upload refuses', () => {
  test('a PUT of more or fewer bytes than the part URL was signed for: 403 SignatureDoesNotMatch, nothing stored', async () => {
    // Prepare
    const { api, upload } = await startedUpload(THREE_PARTS);
    const [first, last] = await partUrls(api, upload.videoId, [1, 3]);
    const record = await uploadRecord(upload.videoId);

    // Act / Assess: the declared size cannot be exceeded, nor a part cut short.
    for (const size of [8 * MIB + 1, 9 * MIB, 8 * MIB - 1, 1]) {
      expect(await putPart(first!.url, Buffer.alloc(size))).toMatchObject({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
    }
    expect(await putPart(last!.url, Buffer.alloc(last!.size + 1))).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    // A URL is for its own part number only.
    const moved = new URL(first!.url);
    moved.searchParams.set('partNumber', '2');
    expect(await putPart(moved.toString(), Buffer.alloc(8 * MIB))).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(dataOf<MultipartUploadView>(await api.find(upload.videoId), 'multipartUpload').uploadedParts).toEqual([]);
    expect(await s3PartNumbers(upload.videoId, String(record!.uploadId))).toEqual([]);
    await api.abort(upload.videoId);
  });

  test('completing with a part missing, or one S3 holds at another size, names them; S3 is never asked', async () => {
    // Prepare: parts 1 and 3 of three.
    const bytes = randomBytes(THREE_PARTS);
    const { api, upload } = await startedUpload(bytes.length);
    await sendParts(bytes, upload, await partUrls(api, upload.videoId, [1, 3]));

    // Act
    const missing = await api.complete(upload.videoId, 'Two of three');

    // Assess
    expect(missing.errors).toEqual([
      expect.objectContaining({
        errorType: 'ValidationError',
        message: `Upload ${upload.videoId} is not complete: part 2 is missing. Upload that part, then complete it again.`,
      }),
    ]);
    expect(missing.data?.completeMultipartUpload ?? null).toBeNull();

    // Prepare: part 2 written at 1 MiB past the API, with S3's own credentials (no part URL allows it).
    const record = await uploadRecord(upload.videoId);
    await s3.send(
      new UploadPartCommand({
        Bucket: endpoints.rawBucket,
        Key: upload.videoId,
        UploadId: String(record!.uploadId),
        PartNumber: 2,
        Body: Buffer.alloc(MIB),
      }),
    );

    // Act
    const wrongSize = await api.complete(upload.videoId, 'Short part');

    // Assess: the API's own check, before S3's EntityTooSmall, in words.
    expect(wrongSize.errors).toEqual([
      expect.objectContaining({
        errorType: 'ValidationError',
        message: `Upload ${upload.videoId} is not complete: part 2 holds ${MIB} bytes, not ${8 * MIB}. Upload that part, then complete it again.`,
      }),
    ]);
    // The upload is still there to finish: nothing was completed or registered.
    expect(dataOf<MultipartUploadView>(await api.find(upload.videoId), 'multipartUpload').uploadedParts).toHaveLength(
      3,
    );
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: upload.videoId })),
    ).rejects.toMatchObject({ name: 'NotFound' });
    await api.abort(upload.videoId);
  });

  test('another user cannot sign its parts, list, complete or abort it; the owner is set by the server alone', async () => {
    // Prepare: alice's upload with one part in.
    const bytes = randomBytes(THREE_PARTS);
    const { user: alice, api, upload } = await startedUpload(bytes.length, 'alice');
    const [first] = await partUrls(api, upload.videoId, [1]);
    const mallory = multipartApi(endpoints, await createUser(endpoints, 'mallory'));
    const notFound = `No multipart upload ${upload.videoId} of yours is in progress.`;

    // Act / Assess: mallory's attempts are answered as for an upload that does not exist.
    for (const attempt of [
      mallory.sign(upload.videoId, [2]),
      mallory.complete(upload.videoId, 'Mine now'),
      mallory.abort(upload.videoId),
    ]) {
      expect((await attempt).errors).toEqual([expect.objectContaining({ errorType: 'NotFound', message: notFound })]);
    }
    expect(await mallory.find(upload.videoId)).toMatchObject({ status: 200, data: { multipartUpload: null } });

    // A part PUT cannot carry an owner of its own: S3 refuses x-amz-* headers the URL did not sign.
    const forged = await putPart(first!.url, bytes.subarray(0, 8 * MIB), { 'x-amz-meta-user-id': 'mallory' });
    expect(forged).toMatchObject({ status: 403, code: 'AccessDenied' });
    await sendParts(bytes, upload, [first!]);

    // Alice's upload is as it was, and the object it makes is hers.
    expect(dataOf<MultipartUploadView>(await api.find(upload.videoId), 'multipartUpload').uploadedParts).toEqual([
      { partNumber: 1, size: 8 * MIB },
    ]);
    const record = await uploadRecord(upload.videoId);
    expect(record).toMatchObject({ ownerSub: alice.sub, size: bytes.length });
    expect(record).not.toHaveProperty('userId');
    await api.abort(upload.videoId);
  });

  test('abort deletes the parts; the upload is gone for every operation', async () => {
    // Prepare
    const bytes = randomBytes(THREE_PARTS);
    const { api, upload } = await startedUpload(bytes.length);
    const [first, second] = await partUrls(api, upload.videoId, [1, 2]);
    await sendParts(bytes, upload, [first!]);
    const { uploadId } = (await uploadRecord(upload.videoId)) as { uploadId: string };
    expect(await s3PartNumbers(upload.videoId, uploadId)).toEqual([1]);

    // Act
    const aborted = await api.abort(upload.videoId);

    // Assess
    expect(aborted).toMatchObject({ status: 200, data: { abortMultipartUpload: upload.videoId } });
    expect(await s3PartNumbers(upload.videoId, uploadId)).toBe('NoSuchUpload');
    expect(await uploadRecord(upload.videoId)).toBeNull();
    expect(dataOf(await api.find(upload.videoId), 'multipartUpload')).toBeNull();
    expect(await putPart(second!.url, bytes.subarray(8 * MIB, 16 * MIB))).toMatchObject({
      status: 404,
      code: 'NoSuchUpload',
    });
    const notFound = `No multipart upload ${upload.videoId} of yours is in progress.`;
    expect((await api.abort(upload.videoId)).errors?.[0]).toMatchObject({ errorType: 'NotFound', message: notFound });
    expect((await api.sign(upload.videoId, [3])).errors?.[0]).toMatchObject({
      errorType: 'NotFound',
      message: notFound,
    });
    expect((await api.complete(upload.videoId, 'Gone')).errors?.[0]).toMatchObject({
      errorType: 'NotFound',
      message: `No upload ${upload.videoId} was found: upload the file first.`,
    });
  });

  test('bad requests are ValidationErrors in words, and spend no ticket', async () => {
    const { user, api, upload } = await startedUpload(THREE_PARTS);
    const minute = utcMinute(Date.now());
    const refusals: Array<[Promise<{ errors?: Array<{ message: string }> }>, string]> = [
      [api.start(1000, 'text/plain'), 'Only video files can be uploaded; "text/plain" is not a video type.'],
      [api.start(0), 'The file is empty or its size is not a whole number of bytes.'],
      [api.start(1.5), 'The file is empty or its size is not a whole number of bytes.'],
      [api.start(6 * 1024 * MIB), 'The file is 6442.5 MB; the limit is 5368.7 MB.'],
      [api.sign(upload.videoId, []), 'Name at least one part to sign a URL for.'],
      [api.sign(upload.videoId, [0, 4]), 'This upload has parts 1 to 3; 0, 4 is not one of them.'],
      [api.sign(upload.videoId, [1, 2, 1]), 'Ask for each part once: part 1 twice.'],
      [
        api.sign(
          upload.videoId,
          Array.from({ length: 101 }, (_, index) => (index % 3) + 1),
        ),
        'At most 100 part URLs are signed at once; 101 were asked for.',
      ],
    ];
    for (const [attempt, message] of refusals) {
      expect((await attempt).errors).toEqual([expect.objectContaining({ errorType: 'ValidationError', message })]);
    }
    // Only the start that began an upload was counted.
    if (utcMinute(Date.now()).label === minute.label) expect(await ticketsUsed(user, minute)).toBe(1);
    await api.abort(upload.videoId);
  });

  test('a start counts an upload ticket, as createUploadUrl does', async () => {
    const user = await createUser(endpoints, 'counted');
    const api = multipartApi(endpoints, user);
    let counted = 0;
    let minute = utcMinute(Date.now());
    // Retried from a fresh minute if a minute ends between the calls and the reading.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      minute = utcMinute(Date.now());
      const before = await ticketsUsed(user, minute);
      const { videoId } = dataOf<MultipartUploadView>(await api.start(THREE_PARTS), 'startMultipartUpload');
      expect((await askForTicket(endpoints, user, 1000)).errors).toBeUndefined();
      counted = (await ticketsUsed(user, minute)) - before;
      await api.abort(videoId);
      if (utcMinute(Date.now()).label === minute.label) break;
    }
    expect(counted).toBe(2);
  });

  test('left behind, it is aborted by the raw bucket’s lifecycle rule a day on, and the API no longer offers it', async () => {
    // Prepare: an upload with one part, then nobody comes back.
    const bytes = randomBytes(THREE_PARTS);
    const { api, upload } = await startedUpload(bytes.length);
    await sendParts(bytes, upload, await partUrls(api, upload.videoId, [1]));
    const { uploadId } = (await uploadRecord(upload.videoId)) as { uploadId: string };
    const [raw] = loadBucketDefinitions({ raw: endpoints.rawBucket, playback: endpoints.playbackBucket }, []);
    const [rule] = raw!.lifecycle ?? [];
    expect(rule?.abortIncompleteMultipartUploadDays).toBe(1);

    // Act: the local S3's lifecycle pass over the cloud's uploads, with a clock past the upload's
    // expiresAt, the rule narrowed to this upload's key so other tests' uploads are left alone.
    const aborted = abortIncompleteUploads({
      multipart: new MultipartStore(path.join(process.env.VIDEOPIPE_TEST_DATA_DIR!, 's3', 'multipart')),
      rules: new Map([[endpoints.rawBucket, [{ ...rule!, prefix: upload.videoId }]]]),
      now: () => Date.parse(upload.expiresAt) + 1,
    });

    // Assess
    expect(aborted).toEqual([
      { bucket: endpoints.rawBucket, key: upload.videoId, uploadId, rule: 'expire-unregistered-uploads' },
    ]);
    expect(await s3PartNumbers(upload.videoId, uploadId)).toBe('NoSuchUpload');
    expect(dataOf(await api.find(upload.videoId), 'multipartUpload')).toBeNull();
    const late = await api.complete(upload.videoId, 'Too late');
    expect(late.errors?.[0]).toMatchObject({
      errorType: 'NotFound',
      message: `No upload ${upload.videoId} was found: upload the file first.`,
    });
    // The record expires by TTL; completing forgot it already.
    expect(await uploadRecord(upload.videoId)).toBeNull();
  });
});

/** The user's upload tickets counted in `minute` (functions/lib/usage-windows.ts). */
async function ticketsUsed(user: TestUser, minute: ReturnType<typeof utcMinute>): Promise<number> {
  const { Item } = await db.send(
    new GetItemCommand({
      TableName: 'videos',
      Key: marshall({ id: usageKey('upload-tickets', user.sub, minute) }),
      ConsistentRead: true,
    }),
  );
  return Item ? Number(unmarshall(Item).used) : 0;
}
