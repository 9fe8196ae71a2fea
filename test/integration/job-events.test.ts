import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateJobCommand } from '@aws-sdk/client-mediaconvert';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { DynamoDbVideoStore } from '../../functions/lib/adapters/dynamodb-video-store';
import { buildJobSettings } from '../../functions/lib/job-settings';
import { computeLadder } from '../../functions/lib/ladder';
import { EventBus, loadEventRules } from '../../local/events';
import type { EventEnvelope } from '../../local/events';
import { testEndpoints } from '../support/endpoints';
import { jobComplete, jobError, jobEvent, MASTER_PLAYLIST_720P, statusUpdate } from '../support/job-events';
import { lambdaContext } from '../support/lambda-context';
import { startTestMediaConvert, testMediaConvertClient, waitForJobEnd } from '../support/local-mediaconvert';
import { makeClip } from '../support/media';
import { RealtimeClient } from '../support/realtime-client';
import { sqsEvent } from '../support/sqs-event';
import { isSentinel, receiveSentinel } from '../support/sentinel';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** What createVideo (resolvers/functions/put-video.ts) writes when the owner registers before processing starts. */
function registerAsCreateVideoDoes(
  documents: DynamoDBDocumentClient,
  video: { id: string; userId: string; title: string; description?: string },
) {
  const now = new Date().toISOString();
  return documents.send(
    new UpdateCommand({
      TableName: 'videos',
      Key: { id: video.id },
      UpdateExpression:
        'SET userId = :u, title = :t, description = :d, createdAt = :now, updatedAt = :now, #status = :processing, progress = :zero',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':u': video.userId,
        ':t': video.title,
        ':d': video.description ?? null,
        ':now': now,
        ':processing': 'PROCESSING',
        ':zero': 0,
      },
    }),
  );
}

const SUBSCRIPTION =
  'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id userId status progress failureReason durationSeconds playlistUrl thumbnailUrl } }';
const UNREACHABLE_APPSYNC_URL = 'http://127.0.0.1:9/graphql';

/**
 * Ids the suite's own pipeline leaves alone (process-upload ignores raw keys that are not ULIDs),
 * so these tests alone drive the handler, with events they craft.
 */
function unwatchedVideoId(): string {
  return `job-events-test-${ulid()}`;
}

describe('the job-events Lambda against the local cloud', () => {
  const endpoints = testEndpoints();
  const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
  const s3 = new S3Client({
    endpoint: endpoints.s3Endpoint,
    region: endpoints.region,
    forcePathStyle: true,
    credentials,
  });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: endpoints.dynamodbEndpoint, region: endpoints.region, credentials }),
  );
  const store = new DynamoDbVideoStore(documents, 'videos');
  const host = new URL(endpoints.graphqlUrl).host;
  const sockets: RealtimeClient[] = [];
  let owner: TestUser;
  let handler: Handler;

  /** The handler module as Lambda loads it: env first, then a fresh import (config is read at load). */
  async function loadHandler(appsyncUrl: string): Promise<Handler> {
    Object.assign(process.env, {
      TABLE_NAME: 'videos',
      RAW_BUCKET: endpoints.rawBucket,
      PLAYBACK_BUCKET: endpoints.playbackBucket,
      PLAYBACK_BASE_URL: endpoints.playbackBaseUrl,
      APPSYNC_URL: appsyncUrl,
      AWS_REGION: endpoints.region,
      AWS_ACCESS_KEY_ID: endpoints.accessKeyId,
      AWS_SECRET_ACCESS_KEY: endpoints.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
      AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    let loaded: typeof import('../../functions/job-events/handler').handler | undefined;
    await jest.isolateModulesAsync(async () => {
      ({ handler: loaded } = await import('../../functions/job-events/handler'));
    });
    return (event) => loaded!(event, lambdaContext('job-events'));
  }

  beforeAll(async () => {
    owner = await createUser(endpoints, 'jobowner');
    handler = await loadHandler(endpoints.graphqlUrl);
  });
  afterAll(() => {
    sockets.forEach((socket) => socket.close());
    s3.destroy();
    documents.destroy();
  });

  /** A PROCESSING video of the owner's with its job recorded, its upload in the raw bucket and its master playlist written. */
  async function processingVideo(options: { title?: string } = {}) {
    const videoId = unwatchedVideoId();
    const jobId = `job-${videoId}`;
    if (options.title) {
      await registerAsCreateVideoDoes(documents, { id: videoId, userId: owner.sub, title: options.title });
    }
    expect(await store.createProcessingRecord({ videoId, userId: owner.sub })).toBe(true);
    expect(await store.recordJobId(videoId, jobId)).toBe(true);
    await s3.send(
      new PutObjectCommand({
        Bucket: endpoints.rawBucket,
        Key: videoId,
        Body: 'raw video bytes',
        ContentType: 'video/mp4',
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: endpoints.playbackBucket,
        Key: `${videoId}/hls/index.m3u8`,
        Body: MASTER_PLAYLIST_720P,
        ContentType: 'application/vnd.apple.mpegurl',
      }),
    );
    return { videoId, jobId, playbackBucket: endpoints.playbackBucket };
  }

  async function storedVideo(videoId: string): Promise<Record<string, any>> {
    const { Item } = await documents.send(
      new GetCommand({ TableName: 'videos', Key: { id: videoId }, ConsistentRead: true }),
    );
    return Item!;
  }

  async function rawUploadExists(videoId: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: videoId }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'NotFound') return false;
      throw error;
    }
  }

  async function playbackKeys(videoId: string): Promise<string[]> {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${videoId}/` }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '');
  }

  async function subscribed(videoId: string): Promise<RealtimeClient> {
    const socket = await RealtimeClient.connect(endpoints, { Authorization: owner.idToken });
    sockets.push(socket);
    await socket.waitFor((m) => m.type === 'connection_ack');
    socket.subscribe('video', SUBSCRIPTION, { id: videoId }, { Authorization: owner.idToken }, host);
    await socket.waitFor((m) => m.type === 'start_ack');
    return socket;
  }

  const announcements = (socket: RealtimeClient) =>
    socket.messages.filter((m) => m.type === 'data' && !isSentinel(m)).map((m) => m.payload.data.onVideoStatusChanged);
  // Whatever the handler published has reached the socket once a sentinel published after it has.
  const allDelivered = (socket: RealtimeClient) => receiveSentinel(endpoints, socket, owner);

  test('progress, then DONE with renditions, URLs and a feed entry; the upload is deleted; the owner hears each change', async () => {
    const ids = await processingVideo({ title: 'Harbour at dawn' });
    const socket = await subscribed(ids.videoId);

    expect(await handler(sqsEvent(jobEvent(ids, { status: 'PROGRESSING' }), statusUpdate(ids, 37.6)))).toEqual({
      batchItemFailures: [],
    });
    expect(await storedVideo(ids.videoId)).toMatchObject({
      status: 'PROCESSING',
      progress: 37,
      title: 'Harbour at dawn',
    });
    await socket.waitFor((m) => m.type === 'data');

    expect(await handler(sqsEvent(jobComplete(ids)))).toEqual({ batchItemFailures: [] });
    const base = `${endpoints.playbackBaseUrl}/${ids.videoId}`;
    expect(await storedVideo(ids.videoId)).toMatchObject({
      status: 'DONE',
      progress: 100,
      durationSeconds: 12.5,
      width: 1280,
      height: 720,
      playlistUrl: `${base}/hls/index.m3u8`,
      thumbnailUrl: `${base}/thumbnail/poster.0000000.jpg`,
      feedKey: 'DONE',
      title: 'Harbour at dawn',
      renditions: [
        {
          width: 1280,
          height: 720,
          bandwidth: 3296000,
          averageBandwidth: 1962000,
          codecs: 'avc1.64001f,mp4a.40.2',
          playlistPath: `${ids.videoId}/hls/index_720p.m3u8`,
        },
        {
          width: 854,
          height: 480,
          bandwidth: 1550000,
          averageBandwidth: 912000,
          codecs: 'avc1.64001e,mp4a.40.2',
          playlistPath: `${ids.videoId}/hls/index_480p.m3u8`,
        },
        {
          width: 640,
          height: 360,
          bandwidth: 880000,
          averageBandwidth: null,
          codecs: 'avc1.64001e,mp4a.40.2',
          playlistPath: `${ids.videoId}/hls/index_360p.m3u8`,
        },
      ],
    });
    expect(await rawUploadExists(ids.videoId)).toBe(false);
    await socket.waitFor((m) => m.type === 'data' && m.payload.data.onVideoStatusChanged.status === 'DONE');
    expect(announcements(socket)).toEqual([
      {
        id: ids.videoId,
        userId: owner.sub,
        status: 'PROCESSING',
        progress: 37,
        failureReason: null,
        durationSeconds: null,
        playlistUrl: null,
        thumbnailUrl: null,
      },
      {
        id: ids.videoId,
        userId: owner.sub,
        status: 'DONE',
        progress: 100,
        failureReason: null,
        durationSeconds: 12.5,
        playlistUrl: `${base}/hls/index.m3u8`,
        thumbnailUrl: `${base}/thumbnail/poster.0000000.jpg`,
      },
    ]);

    // Late, duplicated and contradicting events after DONE change nothing and announce nothing.
    const done = await storedVideo(ids.videoId);
    const late = sqsEvent(
      statusUpdate(ids, 80),
      jobError(ids),
      jobComplete(ids),
      jobEvent(ids, { status: 'CANCELED' }),
    );
    expect(await handler(late)).toEqual({ batchItemFailures: [] });
    expect(await storedVideo(ids.videoId)).toEqual(done);
    expect(await playbackKeys(ids.videoId)).toEqual([`${ids.videoId}/hls/index.m3u8`]);
    await allDelivered(socket);
    expect(announcements(socket)).toHaveLength(2);
  });

  test('progress never goes down, and events of another job are ignored', async () => {
    const ids = await processingVideo();
    const socket = await subscribed(ids.videoId);
    await handler(sqsEvent(statusUpdate(ids, 50)));
    const atFifty = await storedVideo(ids.videoId);
    expect(atFifty).toMatchObject({ progress: 50 });

    const stale = { ...ids, jobId: 'job-from-an-earlier-attempt' };
    expect(
      await handler(
        sqsEvent(
          statusUpdate(ids, 20),
          statusUpdate(ids, 50),
          statusUpdate(stale, 90),
          jobComplete(stale),
          jobError(stale),
        ),
      ),
    ).toEqual({ batchItemFailures: [] });
    expect(await storedVideo(ids.videoId)).toEqual(atFifty);
    expect(await rawUploadExists(ids.videoId)).toBe(true);
    await allDelivered(socket);
    expect(announcements(socket).map((event) => event.progress)).toEqual([50]);
  });

  test('ERROR: FAILED with a reason a person can read, progress kept, upload and partial output deleted; a later COMPLETE changes nothing', async () => {
    const ids = await processingVideo({ title: 'Broken file' });
    const socket = await subscribed(ids.videoId);
    await handler(sqsEvent(statusUpdate(ids, 12), jobError(ids, 'Unable to open input file')));
    expect(await storedVideo(ids.videoId)).toMatchObject({
      status: 'FAILED',
      progress: 12,
      failureReason: 'The video could not be converted: Unable to open input file.',
    });
    expect(await rawUploadExists(ids.videoId)).toBe(false);
    expect(await playbackKeys(ids.videoId)).toEqual([]);

    await handler(sqsEvent(jobComplete(ids)));
    const video = await storedVideo(ids.videoId);
    expect(video).toMatchObject({ status: 'FAILED' });
    expect(video.feedKey).toBeUndefined();
    await socket.waitFor((m) => m.type === 'data' && m.payload.data.onVideoStatusChanged.status === 'FAILED');
    expect(announcements(socket).at(-1)).toMatchObject({
      status: 'FAILED',
      progress: 12,
      failureReason: 'The video could not be converted: Unable to open input file.',
    });
  });

  test('CANCELED: FAILED, "Processing was canceled.", nothing left in the playback bucket', async () => {
    const ids = await processingVideo();
    await handler(sqsEvent(jobEvent(ids, { status: 'CANCELED' })));
    expect(await storedVideo(ids.videoId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'Processing was canceled.',
    });
    expect(await playbackKeys(ids.videoId)).toEqual([]);
  });

  test('an untitled video becomes DONE without a feed entry (createVideo adds it when the owner registers)', async () => {
    const ids = await processingVideo();
    await handler(sqsEvent(jobComplete(ids)));
    const video = await storedVideo(ids.videoId);
    expect(video).toMatchObject({ status: 'DONE', progress: 100 });
    expect(video.feedKey).toBeUndefined();
  });

  test('a failed publish keeps the stored state and fails the record; its redelivery announces it', async () => {
    const ids = await processingVideo({ title: 'Unlucky publish' });
    const socket = await subscribed(ids.videoId);
    const complete = sqsEvent(jobComplete(ids));

    const offline = await loadHandler(UNREACHABLE_APPSYNC_URL);
    expect(await offline(complete)).toEqual({
      batchItemFailures: [{ itemIdentifier: complete.Records[0]?.messageId }],
    });
    expect(await storedVideo(ids.videoId)).toMatchObject({ status: 'DONE', feedKey: 'DONE' });
    await allDelivered(socket);
    expect(announcements(socket)).toEqual([]);

    // SQS redelivers the same message: the write is a no-op now, the announcement happens.
    expect(await handler(complete)).toEqual({ batchItemFailures: [] });
    await socket.waitFor((m) => m.type === 'data' && m.id === 'video');
    expect(announcements(socket)).toEqual([
      expect.objectContaining({ id: ids.videoId, status: 'DONE', progress: 100 }),
    ]);
  });

  test('an unparseable record is dropped; the rest of the batch is processed', async () => {
    const ids = await processingVideo();
    const response = await handler(sqsEvent('{not json', { hello: 'world' }, statusUpdate(ids, 64)));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await storedVideo(ids.videoId)).toMatchObject({ progress: 64 });
  });

  test('no record: the event is ignored; a record whose job is not recorded yet gets its final event again later', async () => {
    expect(await handler(sqsEvent(jobComplete({ videoId: ulid(), jobId: 'job-nobody' })))).toEqual({
      batchItemFailures: [],
    });

    const videoId = unwatchedVideoId();
    await store.createProcessingRecord({ videoId, userId: owner.sub });
    const complete = sqsEvent(jobComplete({ videoId, jobId: 'job-soon', playbackBucket: endpoints.playbackBucket }));
    expect(await handler(complete)).toEqual({
      batchItemFailures: [{ itemIdentifier: complete.Records[0]?.messageId }],
    });
    expect(await storedVideo(videoId)).toMatchObject({ status: 'PROCESSING', progress: 0 });
  });
  test("a real job's events, as the EventBridge rule delivers them and in reverse order, end in a playable DONE video", async () => {
    // A local MediaConvert of this test's own, its events routed by the product's rule into memory.
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-job-events-'));
    const delivered: EventEnvelope[] = [];
    const bus = new EventBus(
      loadEventRules(),
      { region: endpoints.region, accountId: '000000000000' },
      (target, envelope) => {
        if (target === 'job-events') delivered.push(envelope);
      },
    );
    const mediaconvert = await startTestMediaConvert(endpoints, {
      dataDir: path.join(workDir, 'mediaconvert'),
      putEvents: (entries) => void bus.putEvents(entries),
      statusIntervalScale: 0.05,
    });
    const client = testMediaConvertClient(endpoints, mediaconvert.endpoint);
    try {
      const videoId = unwatchedVideoId();
      const clip = path.join(workDir, 'clip.mp4');
      makeClip(clip, { width: 640, height: 360, seconds: 2, audio: true });
      await s3.send(
        new PutObjectCommand({
          Bucket: endpoints.rawBucket,
          Key: videoId,
          Body: readFileSync(clip),
          ContentType: 'video/mp4',
        }),
      );
      await registerAsCreateVideoDoes(documents, { id: videoId, userId: owner.sub, title: 'Test card' });
      await store.createProcessingRecord({ videoId, userId: owner.sub });
      const settings = buildJobSettings({
        videoId,
        inputUrl: `s3://${endpoints.rawBucket}/${videoId}`,
        playbackBucket: endpoints.playbackBucket,
        ladder: computeLadder({ width: 640, height: 360, hasAudio: true }),
        hasAudio: true,
        roleArn: 'arn:aws:iam::000000000000:role/videopipe-mediaconvert',
      });
      const { Job: created } = await client.send(new CreateJobCommand(settings));
      await store.recordJobId(videoId, created!.Id!);
      await waitForJobEnd(client, created!.Id!);
      expect(delivered.at(-1)?.detail.status).toBe('COMPLETE');

      expect(await handler(sqsEvent(...[...delivered].reverse()))).toEqual({ batchItemFailures: [] });
      const video = await storedVideo(videoId);
      expect(video).toMatchObject({ status: 'DONE', progress: 100, width: 640, height: 360, feedKey: 'DONE' });
      expect(video.durationSeconds).toBeCloseTo(2, 0);
      expect(video.renditions.map((rendition: { height: number }) => rendition.height)).toEqual([360, 240]);
      for (const url of [
        video.playlistUrl,
        video.thumbnailUrl,
        ...video.renditions.map(
          (rendition: { playlistPath: string }) => `${endpoints.playbackBaseUrl}/${rendition.playlistPath}`,
        ),
      ]) {
        expect((await fetch(url)).status).toBe(200);
      }
      expect(await rawUploadExists(videoId)).toBe(false);
    } finally {
      client.destroy();
      await mediaconvert.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('DynamoDbVideoStore: the records process-upload writes', () => {
  const endpoints = testEndpoints();
  const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: endpoints.dynamodbEndpoint, region: endpoints.region, credentials }),
  );
  const store = new DynamoDbVideoStore(documents, 'videos');
  afterAll(() => documents.destroy());

  test('createProcessingRecord keeps what createVideo wrote, and refuses a second job or another owner', async () => {
    const videoId = unwatchedVideoId();
    await registerAsCreateVideoDoes(documents, {
      id: videoId,
      userId: 'owner-1',
      title: 'Title',
      description: 'Words',
    });
    expect(await store.createProcessingRecord({ videoId, userId: 'someone-else' })).toBe(false);
    expect(await store.createProcessingRecord({ videoId, userId: 'owner-1', jobId: 'job-1' })).toBe(true);
    expect(await store.getVideo(videoId)).toMatchObject({
      id: videoId,
      userId: 'owner-1',
      title: 'Title',
      description: 'Words',
      status: 'PROCESSING',
      progress: 0,
      jobId: 'job-1',
    });
    expect(await store.createProcessingRecord({ videoId, userId: 'owner-1', jobId: 'job-2' })).toBe(false);
    expect(await store.recordJobId(videoId, 'job-1')).toBe(true);
    expect(await store.recordJobId(videoId, 'job-2')).toBe(false);
  });

  test('markFailed fails a PROCESSING video once, and never a finished one', async () => {
    const videoId = unwatchedVideoId();
    expect(await store.markFailed(videoId, 'The file is not a video.')).toBeUndefined();
    await store.createProcessingRecord({ videoId, userId: 'owner-2' });
    expect(await store.markFailed(videoId, 'The file is not a video.')).toMatchObject({
      status: 'FAILED',
      failureReason: 'The file is not a video.',
    });
    expect(await store.markFailed(videoId, 'Another reason.')).toBeUndefined();
    expect(await store.createProcessingRecord({ videoId, userId: 'owner-2' })).toBe(false);
  });
});
