// The whole pipeline through the public API on the suite's local cloud: a real user uploads a clip
// made here with the ticket (as a browser does), registers it, watches the subscription, and the
// HLS output plays from the public playback URL. Every stand-in on the way is the real local one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListJobsCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildS3EventRecord } from '../../local/s3/event-notification';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { graphql } from '../support/graphql-client';
import { makeClip, parsePlaylist } from '../support/media';
import type { ClipOptions } from '../support/media';
import { RealtimeClient } from '../support/realtime-client';
import type { RealtimeMessage } from '../support/realtime-client';
import { receiveSentinel } from '../support/sentinel';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(120_000);

const TICKET =
  'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields maxBytes } }';
const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id status } }';
const GET =
  'query G($id: ID!) { getVideo(id: $id) { id title status progress durationSeconds width height playlistUrl thumbnailUrl failureReason renditions { width height bandwidth codecs playlistPath } } }';
const FEED = 'query F { listVideos(limit: 50) { items { id } } }';
const SUBSCRIPTION = 'subscription S { onVideoStatusChanged { id status progress failureReason playlistUrl } }';

const endpoints = testEndpoints();
const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
const host = new URL(endpoints.graphqlUrl).host;
let dir: string;
let ann: TestUser;
let bob: TestUser;
const sockets: RealtimeClient[] = [];

async function subscribe(user: TestUser): Promise<RealtimeClient> {
  const client = await RealtimeClient.connect(endpoints, { Authorization: user.idToken });
  sockets.push(client);
  await client.waitFor((message) => message.type === 'connection_ack');
  client.subscribe('mine', SUBSCRIPTION, {}, { Authorization: user.idToken }, host);
  await client.waitFor((message) => message.type === 'start_ack');
  return client;
}

/** What a browser does: a ticket for the file's size, then the file POSTed with the ticket's fields. */
async function post(
  user: TestUser,
  body: Buffer,
  options: { claimedSize?: number; contentType?: string } = {},
): Promise<{ videoId: string; response: Response }> {
  const contentType = options.contentType ?? 'video/mp4';
  const ticket = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
    input: { contentType, size: options.claimedSize ?? body.length },
  });
  expect(ticket.errors).toBeUndefined();
  const { videoId, url, fields } = ticket.data!.createUploadUrl as { videoId: string; url: string; fields: string };
  const form = new FormData();
  for (const [name, value] of Object.entries(JSON.parse(fields) as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([body], { type: contentType }), 'upload.mp4');
  return { videoId, response: await fetch(url, { method: 'POST', body: form }) };
}

async function upload(user: TestUser, file: string): Promise<string> {
  const { videoId, response } = await post(user, readFileSync(file));
  expect(response.status).toBe(204);
  return videoId;
}

async function clip(name: string, options: ClipOptions): Promise<string> {
  const file = path.join(dir, name);
  makeClip(file, options);
  return file;
}

const eventsOf = (client: RealtimeClient, id: string) =>
  client.messages
    .filter(
      (message: RealtimeMessage) => message.type === 'data' && message.payload?.data?.onVideoStatusChanged?.id === id,
    )
    .map((message) => message.payload.data.onVideoStatusChanged);

/** The ids of the messages the suite's cloud has deleted from a queue (handled: they never come back), from its journal. */
function deletedFromQueue(queue: string): string[] {
  const journal = readFileSync(path.join(process.env.VIDEOPIPE_TEST_DATA_DIR!, 'queues', `${queue}.jsonl`), 'utf8');
  return journal
    .split('\n')
    .filter((line) => line.startsWith('{"op":"delete"'))
    .map((line) => (JSON.parse(line) as { messageId: string }).messageId);
}

async function finalEvent(client: RealtimeClient, id: string) {
  const message = await client.waitFor(
    (m) =>
      m.type === 'data' &&
      m.payload?.data?.onVideoStatusChanged?.id === id &&
      m.payload.data.onVideoStatusChanged.status !== 'PROCESSING',
    90_000,
  );
  return message.payload.data.onVideoStatusChanged;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-pipeline-'));
  [ann, bob] = await Promise.all([createUser(endpoints, 'ann'), createUser(endpoints, 'bob')]);
});
afterAll(() => {
  sockets.forEach((socket) => socket.close());
  rmSync(dir, { recursive: true, force: true });
});

describe('the video pipeline, end to end', () => {
  test('a 5 s 1280x720 clip: upload, register, progress then DONE live, plays anonymously, raw upload gone, in the feed', async () => {
    const annSocket = await subscribe(ann);
    const bobSocket = await subscribe(bob);
    const file = await clip('hd.mp4', { width: 1280, height: 720, seconds: 5, audio: true });
    const id = await upload(ann, file);
    const created = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, {
      input: { id, title: 'Harbour at dawn' },
    });
    expect(created.errors).toBeUndefined();

    const done = await finalEvent(annSocket, id);
    expect(done).toMatchObject({ status: 'DONE', progress: 100 });
    const events = eventsOf(annSocket, id);
    const progress = events.filter((event) => event.status === 'PROCESSING').map((event) => event.progress);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    await receiveSentinel(endpoints, bobSocket, bob);
    expect(eventsOf(bobSocket, id)).toEqual([]);

    const video = (await graphql(endpoints, { mode: 'apiKey' }, GET, { id })).data!.getVideo;
    expect(video).toMatchObject({ title: 'Harbour at dawn', status: 'DONE', width: 1280, height: 720 });
    expect(Math.abs(video.durationSeconds - 5)).toBeLessThanOrEqual(0.1);
    expect(video.renditions.map((rendition: { height: number }) => rendition.height)).toEqual([720, 480, 360, 240]);
    expect(video.playlistUrl).toBe(`${endpoints.playbackBaseUrl}/${id}/hls/index.m3u8`);

    // Anyone can play it: the master, every variant and every segment, no credentials.
    const master = parsePlaylist(await (await fetch(video.playlistUrl)).text());
    expect(master.playlists).toHaveLength(4);
    for (const variant of master.playlists ?? []) {
      const variantUrl = new URL(variant.uri, video.playlistUrl);
      const media = parsePlaylist(await (await fetch(variantUrl)).text());
      expect(media.endList).toBe(true);
      for (const segment of media.segments ?? []) {
        const response = await fetch(new URL(segment.uri, variantUrl));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('video/MP2T');
        await response.arrayBuffer();
      }
    }
    const thumbnail = await fetch(video.thumbnailUrl);
    expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/jpeg']);

    const s3 = new S3Client({
      endpoint: endpoints.s3Endpoint,
      region: endpoints.region,
      forcePathStyle: true,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: id }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    s3.destroy();
    const feed = (await graphql(endpoints, { mode: 'apiKey' }, FEED, {})).data!.listVideos.items.map(
      (item: { id: string }) => item.id,
    );
    expect(feed).toContain(id);
  });

  test('a file that is not a video ends FAILED with a reason a person understands, and its upload is deleted', async () => {
    const annSocket = await subscribe(ann);
    const file = path.join(dir, 'notes.mp4');
    writeFileSync(file, 'meeting notes, not a video\n'.repeat(200));
    const id = await upload(ann, file);
    const failed = await finalEvent(annSocket, id);
    expect(failed).toMatchObject({
      status: 'FAILED',
      failureReason: 'The file is not a video that can be read, or it is damaged.',
    });
    // Registering after processing finished (and deleted the upload) still works and keeps the
    // outcome; another user cannot claim it.
    const stolen = await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, CREATE, {
      input: { id, title: 'Mine now' },
    });
    expect(stolen.errors?.[0]?.errorType).toBe('Unauthorized');
    const created = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, {
      input: { id, title: 'Notes' },
    });
    expect(created.errors).toBeUndefined();
    const video = (await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, GET, { id })).data!.getVideo;
    expect(video).toMatchObject({
      title: 'Notes',
      status: 'FAILED',
      failureReason: 'The file is not a video that can be read, or it is damaged.',
    });
  });

  test('a silent 640x370 clip gets 360/240 without audio', async () => {
    const annSocket = await subscribe(ann);
    const id = await upload(ann, await clip('silent.mp4', { width: 640, height: 370, seconds: 2 }));
    await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, { input: { id, title: 'Quiet' } });
    expect(await finalEvent(annSocket, id)).toMatchObject({ status: 'DONE' });
    const video = (await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, GET, { id })).data!.getVideo;
    expect(
      video.renditions.map(
        (rendition: { width: number; height: number; codecs: string }) =>
          `${rendition.width}x${rendition.height} ${rendition.codecs}`,
      ),
    ).toEqual([
      expect.stringMatching(/^622x360 avc1\.[0-9a-f]{6}$/),
      expect.stringMatching(/^416x240 avc1\.[0-9a-f]{6}$/),
    ]);
  });

  test('a portrait 720x1280 clip is laddered by its width and stays portrait', async () => {
    const annSocket = await subscribe(ann);
    const id = await upload(ann, await clip('portrait.mp4', { width: 720, height: 1280, seconds: 2, audio: true }));
    await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, { input: { id, title: 'Tall' } });
    expect(await finalEvent(annSocket, id)).toMatchObject({ status: 'DONE' });
    const video = (await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, GET, { id })).data!.getVideo;
    expect(video).toMatchObject({ width: 720, height: 1280 });
    expect(
      video.renditions.map((rendition: { width: number; height: number }) => `${rendition.width}x${rendition.height}`),
    ).toEqual(['720x1280', '480x854', '360x640', '240x426']);
  });

  test("a file larger than the ticket's limit is refused by S3 and stores nothing", async () => {
    const ticket = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, TICKET, {
      input: { contentType: 'video/mp4', size: 1 },
    });
    const maxBytes = ticket.data!.createUploadUrl.maxBytes as number;
    // The ticket is for a small file; the policy's content-length-range still caps what S3 takes.
    const { videoId, response } = await post(ann, Buffer.alloc(maxBytes + 1), { claimedSize: 1 });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>EntityTooLarge</Code>');
    const s3 = new S3Client({
      endpoint: endpoints.s3Endpoint,
      region: endpoints.region,
      forcePathStyle: true,
      credentials,
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: videoId }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    s3.destroy();
  });

  test('a duplicated upload event starts one job, whatever the timing', async () => {
    const annSocket = await subscribe(ann);
    const file = await clip('twice.mp4', { width: 640, height: 360, seconds: 2, audio: true });
    const id = await upload(ann, file);
    // S3 delivers at least once: the same notification arrives twice more, at once.
    const sqs = new SQSClient({ endpoint: endpoints.sqsEndpoint, region: endpoints.region, credentials });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'uploads' }));
    const s3 = new S3Client({
      endpoint: endpoints.s3Endpoint,
      region: endpoints.region,
      forcePathStyle: true,
      credentials,
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: id })).catch(() => undefined);
    const record = buildS3EventRecord({
      region: endpoints.region,
      bucket: endpoints.rawBucket,
      eventName: 'ObjectCreated:Post',
      object: { key: id, size: readFileSync(file).length, etag: head?.ETag },
      configurationId: 'uploads',
      requestId: 'duplicate',
    });
    const duplicates = await Promise.all(
      [1, 2].map(() =>
        sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ Records: [record] }) })),
      ),
    );
    await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, { input: { id, title: 'Once' } });
    expect(await finalEvent(annSocket, id)).toMatchObject({ status: 'DONE' });
    // Both duplicates handled, however late: any job they started is listed, anything they
    // announced is published, and so it is on the socket before the sentinel.
    await eventually(
      () =>
        expect(deletedFromQueue('uploads')).toEqual(expect.arrayContaining(duplicates.map((sent) => sent.MessageId))),
      { what: 'both duplicates to be handled', timeoutMs: 60_000, intervalMs: 200 },
    );
    await receiveSentinel(endpoints, annSocket, ann);
    const mediaconvert = new MediaConvertClient({
      endpoint: endpoints.mediaconvertEndpoint,
      region: endpoints.region,
      credentials,
    });
    const jobs = [];
    for (let token: string | undefined, page = 0; page === 0 || token; page += 1) {
      const listed = await mediaconvert.send(new ListJobsCommand({ MaxResults: 20, NextToken: token }));
      jobs.push(...(listed.Jobs ?? []));
      token = listed.NextToken;
    }
    expect(jobs.filter((job) => job.UserMetadata?.videoId === id)).toHaveLength(1);
    expect(eventsOf(annSocket, id).filter((event) => event.status === 'DONE')).toHaveLength(1);
    [sqs, s3, mediaconvert].forEach((client) => client.destroy());
  });

  test('a video deleted while it is processed leaves nothing behind once its job ends', async () => {
    const annSocket = await subscribe(ann);
    const id = await upload(ann, await clip('regret.mp4', { width: 1280, height: 720, seconds: 4, audio: true }));
    await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, { input: { id, title: 'Regret' } });
    await annSocket.waitFor((m) => m.type === 'data' && m.payload?.data?.onVideoStatusChanged?.id === id, 30_000);
    const deleted = await graphql(
      endpoints,
      { mode: 'userPool', token: ann.idToken },
      'mutation D($id: ID!) { deleteVideo(id: $id) { id } }',
      { id },
    );
    expect(deleted.errors).toBeUndefined();

    const mediaconvert = new MediaConvertClient({
      endpoint: endpoints.mediaconvertEndpoint,
      region: endpoints.region,
      credentials,
    });
    const s3 = new S3Client({
      endpoint: endpoints.s3Endpoint,
      region: endpoints.region,
      forcePathStyle: true,
      credentials,
    });
    const jobOf = async () =>
      ((await mediaconvert.send(new ListJobsCommand({ MaxResults: 20 }))).Jobs ?? []).find(
        (job) => job.UserMetadata?.videoId === id,
      );
    await eventually(async () => expect(['COMPLETE', 'ERROR', 'CANCELED']).toContain((await jobOf())?.Status), {
      what: 'the job to end',
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    // job-events gets the final event through EventBridge and SQS, then deletes the output.
    await eventually(
      async () =>
        expect(
          (await s3.send(new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${id}/` }))).KeyCount ??
            0,
        ).toBe(0),
      { what: "the deleted video's output to go", timeoutMs: 10_000, intervalMs: 200 },
    );
    await expect(s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: id }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    expect((await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, GET, { id })).data!.getVideo).toBeNull();
    [mediaconvert, s3].forEach((client) => client.destroy());
  });
});
