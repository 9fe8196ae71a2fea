// The watchdog through the local cloud (it runs every second in the suite's cloud): a video still
// PROCESSING past its deadline ends FAILED, its upload goes, and its owner hears of it; a video
// within its deadline is left alone; registration before the pipeline sets a deadline too.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { OVERDUE_REASON } from '../../functions/watchdog/fail-overdue';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { RealtimeClient } from '../support/realtime-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient } from '../support/videos';

const endpoints = testEndpoints();
const dynamodb = dynamoClient(endpoints);
const s3 = new S3Client({
  endpoint: endpoints.s3Endpoint,
  region: endpoints.region,
  forcePathStyle: true,
  credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
});
const SUBSCRIPTION = 'subscription S { onVideoStatusChanged { id status failureReason } }';
const GET = 'query G($id: ID!) { getVideo(id: $id) { id status failureReason } }';
let ann: TestUser;
let socket: RealtimeClient;

/** A stuck video and its upload. Not a ULID, so the suite's own pipeline leaves the upload alone. */
async function seedProcessing(deadlineAt: string): Promise<string> {
  const id = `watchdog-test-${ulid()}`;
  const now = new Date().toISOString();
  await s3.send(new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: id, Body: 'x' }));
  await dynamodb.send(
    new PutItemCommand({
      TableName: 'videos',
      Item: marshall({
        id,
        userId: ann.sub,
        ownerName: 'ann',
        title: 'Stuck',
        status: 'PROCESSING',
        progress: 40,
        createdAt: now,
        updatedAt: now,
        deadlineAt,
      }),
    }),
  );
  return id;
}

async function rawUploadExists(id: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: id })).then(
    () => true,
    () => false,
  );
}

async function stored(id: string): Promise<Record<string, unknown>> {
  return unmarshall(
    (await dynamodb.send(new GetItemCommand({ TableName: 'videos', Key: marshall({ id }), ConsistentRead: true })))
      .Item ?? {},
  );
}

beforeAll(async () => {
  ann = await createUser(endpoints, 'ann');
  socket = await RealtimeClient.connect(endpoints, { Authorization: ann.idToken });
  await socket.waitFor((message) => message.type === 'connection_ack');
  socket.subscribe('mine', SUBSCRIPTION, {}, { Authorization: ann.idToken }, new URL(endpoints.graphqlUrl).host);
  await socket.waitFor((message) => message.type === 'start_ack');
});
afterAll(() => {
  socket.close();
  dynamodb.destroy();
  s3.destroy();
});

test('a video past its deadline ends FAILED with a reason, leaves the deadline index, and its owner is told', async () => {
  // 30 s: the watchdog's first run, in fresh Lambda environments, takes 20 s on a loaded machine.
  const failedEvent = (id: string) =>
    socket.waitFor((m) => m.type === 'data' && m.payload?.data?.onVideoStatusChanged?.id === id, 30_000);
  const onTime = await seedProcessing(new Date(Date.now() + 60 * 60_000).toISOString());
  const overdue = await seedProcessing(new Date(Date.now() - 60_000).toISOString());
  const event = await failedEvent(overdue);
  expect(event.payload.data.onVideoStatusChanged).toEqual({
    id: overdue,
    status: 'FAILED',
    failureReason: OVERDUE_REASON,
  });
  expect(
    (await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, GET, { id: overdue })).data!.getVideo,
  ).toEqual({ id: overdue, status: 'FAILED', failureReason: OVERDUE_REASON });
  expect(await stored(overdue)).not.toHaveProperty('deadlineAt');
  expect(await rawUploadExists(overdue)).toBe(false);
  // The run that failed `overdue` saw `onTime` too (seeded first). A sentinel seeded once that run
  // has announced is failed by a later run: by then the first run has long moved past `overdue`.
  const sentinel = await seedProcessing(new Date(Date.now() - 60_000).toISOString());
  await failedEvent(sentinel);
  expect(await stored(onTime)).toMatchObject({ status: 'PROCESSING', progress: 40 });
  expect(await rawUploadExists(onTime)).toBe(true);
  const announced = socket.messages.filter((m) => m.type === 'data').map((m) => m.payload.data.onVideoStatusChanged.id);
  expect(announced).not.toContain(onTime);
}, 60_000);

test('registering before the pipeline sees the upload sets a deadline a day ahead', async () => {
  const ticket = await graphql(
    endpoints,
    { mode: 'userPool', token: ann.idToken },
    'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId } }',
    { input: { contentType: 'video/mp4', size: 10 } },
  );
  const id = ticket.data!.createUploadUrl.videoId as string;
  // No file is uploaded: registration can only find the owner through a record, so seed the
  // pipeline's record without a deadline, as an older version wrote it.
  await dynamodb.send(
    new PutItemCommand({
      TableName: 'videos',
      Item: marshall({
        id,
        userId: ann.sub,
        status: 'PROCESSING',
        progress: 0,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      }),
    }),
  );
  const created = await graphql(
    endpoints,
    { mode: 'userPool', token: ann.idToken },
    'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id status } }',
    { input: { id, title: 'Early' } },
  );
  expect(created.errors).toBeUndefined();
  const deadline = Date.parse(String((await stored(id)).deadlineAt));
  expect(Math.abs(deadline - (Date.now() + 24 * 60 * 60 * 1000))).toBeLessThan(60_000);
});
