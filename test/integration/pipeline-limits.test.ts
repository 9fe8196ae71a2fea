// The per-user limits and the registration window (issue 14), through the public APIs of a local
// cloud of their own, started as a developer starts one with the limits set by VIDEOPIPE_*: a
// registration window of 30 s (so an abandoned upload goes within the test), one video processing
// at once, one output minute a day; the ticket rate keeps its default (10 a minute).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DEFAULT_PIPELINE_LIMITS } from '../../common/constants/pipeline-limits';
import type { Endpoints } from '../../local/endpoints';
import { eventually } from '../support/eventually';
import { finalStatusEvent, jobsOfVideo, mediaConvertClient, s3Client, subscribeToVideo } from '../support/faults';
import { graphql } from '../support/graphql-client';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { makeClip } from '../support/media';
import type { RealtimeClient } from '../support/realtime-client';
import { askForTicket, postWithTicket, rawObjects, ticketFor, waitUntilAccepted } from '../support/upload-tickets';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(180_000);

const WINDOW_SECONDS = 30;
const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id status } }';

let cloud: LocalCloudProcess;
let endpoints: Endpoints;
let dir: string;
let clip: Buffer;
let s3: S3Client;
let mediaconvert: MediaConvertClient;
let dynamodb: DynamoDBClient;
const sockets: RealtimeClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-limits-'));
  cloud = await startLocalCloudProcess({
    args: ['--auto-confirm'],
    env: {
      VIDEOPIPE_REGISTRATION_WINDOW_MINUTES: String(WINDOW_SECONDS / 60),
      VIDEOPIPE_PROCESSING_VIDEOS_PER_USER: '1',
      VIDEOPIPE_OUTPUT_MINUTES_PER_USER_PER_DAY: '1',
      // The default, whatever the suite's own cloud was given.
      VIDEOPIPE_UPLOAD_TICKETS_PER_USER_PER_MINUTE: String(DEFAULT_PIPELINE_LIMITS.uploadTicketsPerUserPerMinute),
      VIDEOPIPE_WATCHDOG_INTERVAL_SECONDS: '1',
      VIDEOPIPE_STATUS_INTERVAL_SCALE: '0.1',
    },
  });
  endpoints = cloud.endpoints;
  s3 = s3Client(endpoints);
  mediaconvert = mediaConvertClient(endpoints);
  dynamodb = new DynamoDBClient({
    endpoint: endpoints.dynamodbEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
  // 1 s at 320x240: one rung, under the 10 s an output is billed at least: one output minute.
  const file = path.join(dir, 'clip.mp4');
  makeClip(file, { width: 320, height: 240, seconds: 1 });
  clip = readFileSync(file);
}, 120_000);
afterAll(async () => {
  sockets.forEach((socket) => socket.close());
  s3?.destroy();
  mediaconvert?.destroy();
  dynamodb?.destroy();
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function watch(user: TestUser): Promise<RealtimeClient> {
  const socket = await subscribeToVideo(endpoints, user, undefined);
  sockets.push(socket);
  return socket;
}

function register(user: TestUser, id: string, title: string) {
  return graphql(endpoints, { mode: 'userPool', token: user.idToken }, CREATE, { input: { id, title } });
}

async function uploadAccepted(user: TestUser): Promise<string> {
  const ticket = await ticketFor(endpoints, user, clip.length);
  await postWithTicket(ticket, clip);
  await waitUntilAccepted(s3, endpoints, ticket.videoId);
  return ticket.videoId;
}

describe('upload tickets', () => {
  test('the eleventh ticket in a minute is refused with LimitExceededError and when to try again', async () => {
    const user = await createUser(endpoints, 'hasty');
    // Ten tickets and the eleventh within one UTC minute.
    const secondsLeft = 60 - new Date().getUTCSeconds();
    if (secondsLeft < 15) await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 100));
    for (let ticket = 0; ticket < DEFAULT_PIPELINE_LIMITS.uploadTicketsPerUserPerMinute; ticket += 1) {
      const granted = await askForTicket(endpoints, user, 1000);
      expect(granted.errors).toBeUndefined();
    }
    const refused = await askForTicket(endpoints, user, 1000);
    expect(refused.data?.createUploadUrl ?? null).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({
        errorType: 'LimitExceededError',
        message: expect.stringMatching(
          /^You asked for more than 10 upload links in a minute\. Try again in \d+ seconds?\.$/,
        ),
      }),
    ]);
    // A request no ticket would be made for is refused as before, and spends nothing.
    expect((await askForTicket(endpoints, user, 0)).errors?.[0]?.errorType).toBe('ValidationError');
    // Another user is not held back.
    const other = await createUser(endpoints, 'patient');
    expect((await askForTicket(endpoints, other, 1000)).errors).toBeUndefined();
  });
});

describe('the registration window', () => {
  test('an upload never registered gets no job, and is gone after the window: record, upload and copy', async () => {
    const user = await createUser(endpoints, 'forgetful');
    const id = await uploadAccepted(user);
    const record = () => dynamodb.send(new GetItemCommand({ TableName: 'videos', Key: { id: { S: id } } }));
    expect((await record()).Item?.status?.S).toBe('PROCESSING');
    await eventually(async () => expect((await record()).Item).toBeUndefined(), {
      what: 'the watchdog to delete the unregistered upload',
      timeoutMs: (WINDOW_SECONDS + 20) * 1000,
      intervalMs: 250,
    });
    // The record goes first (its condition is what may fail), its objects right after.
    await eventually(
      async () => expect(await rawObjects(s3, endpoints, id)).toEqual({ atTicketKey: false, accepted: false }),
      { what: 'the upload and its copy to be deleted', timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(await jobsOfVideo(mediaconvert, id)).toEqual([]);
    // Registering it now finds nothing to register.
    const late = await register(user, id, 'Too late');
    expect(late.errors?.[0]).toMatchObject({ errorType: 'NotFound' });
  });

  test('registered after the upload was accepted (the job waiting for it): the job starts then and the video reaches DONE', async () => {
    const user = await createUser(endpoints, 'deliberate');
    const socket = await watch(user);
    const id = await uploadAccepted(user);
    expect(await jobsOfVideo(mediaconvert, id)).toEqual([]);
    expect((await register(user, id, 'Registered later')).errors).toBeUndefined();
    expect(await finalStatusEvent(socket, id)).toMatchObject({ status: 'DONE' });
    expect(await jobsOfVideo(mediaconvert, id)).toHaveLength(1);
  });
});

describe('videos processing at once, and output minutes a day', () => {
  test("at the limit a ticket is refused; an upload past it ends FAILED; past the day's minutes FAILED, saying when they start again", async () => {
    const user = await createUser(endpoints, 'busy');
    const socket = await watch(user);
    // Two tickets while nothing is processing; the first upload then holds the one place.
    const first = await ticketFor(endpoints, user, clip.length);
    const second = await ticketFor(endpoints, user, clip.length);
    await postWithTicket(first, clip);
    await waitUntilAccepted(s3, endpoints, first.videoId);
    const refused = await askForTicket(endpoints, user, clip.length);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        errorType: 'LimitExceededError',
        message: 'You have 1 video processing, and at most 1 may process at once. Upload again when one has finished.',
      }),
    ]);
    await postWithTicket(second, clip);
    expect((await register(user, second.videoId, 'One too many')).errors).toBeUndefined();
    expect(await finalStatusEvent(socket, second.videoId)).toMatchObject({
      status: 'FAILED',
      failureReason:
        'With this one you had 2 videos processing, and at most 1 may process at once. Upload it again when one has finished.',
    });

    // The first one spends the day's one output minute; the next video is refused at its submission.
    expect((await register(user, first.videoId, 'First')).errors).toBeUndefined();
    expect(await finalStatusEvent(socket, first.videoId)).toMatchObject({ status: 'DONE' });
    const third = await ticketFor(endpoints, user, clip.length);
    await postWithTicket(third, clip);
    expect((await register(user, third.videoId, 'Third')).errors).toBeUndefined();
    const failed = await finalStatusEvent(socket, third.videoId);
    expect(failed).toMatchObject({ status: 'FAILED' });
    expect(failed.failureReason).toMatch(
      /^Converting this video takes 1 output minute \(its length times 1 rendition\); your daily allowance is 1 output minute, and you have used 1 today\. The count starts again at 00:00 UTC, in (\d+ h ?)?(\d+ min)?\.$/,
    );
    expect(await jobsOfVideo(mediaconvert, third.videoId)).toEqual([]);
  });
});
