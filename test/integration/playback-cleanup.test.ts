// What a job wrote to the playback bucket goes when its video will never play it, through the
// suite's local cloud: a user deletes a video mid-transcode (its job is canceled), the encoder dies
// midway (FAILED), the watchdog gives up on an overdue video. Each time the job has already put
// segments in the bucket (MediaConvert uploads while it transcodes), and none is left once the
// job's final event has been handled.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UpdateItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { OVERDUE_REASON } from '../../functions/watchdog/fail-overdue';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { uploadAsUser } from '../support/faults';
import { graphql } from '../support/graphql-client';
import { ffmpegOfJob } from '../support/job-processes';
import { makeClip } from '../support/media';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient } from '../support/videos';

jest.setTimeout(180_000);

const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id status } }';
const DELETE = 'mutation D($id: ID!) { deleteVideo(id: $id) { id } }';
const GET = 'query G($id: ID!) { getVideo(id: $id) { id status failureReason } }';

const endpoints = testEndpoints();
const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
const s3 = new S3Client({
  endpoint: endpoints.s3Endpoint,
  region: endpoints.region,
  forcePathStyle: true,
  credentials,
});
const mediaconvert = new MediaConvertClient({
  endpoint: endpoints.mediaconvertEndpoint,
  region: endpoints.region,
  credentials,
});
const dynamodb = dynamoClient(endpoints);
const dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-playback-cleanup-'));
/** 60 s of 720p: four renditions, a transcode long enough to act on midway. */
const clip = path.join(dir, 'long.mp4');
let owner: TestUser;

beforeAll(async () => {
  makeClip(clip, { width: 1280, height: 720, seconds: 60, audio: true });
  owner = await createUser(endpoints, 'cleanup');
});
afterAll(() => {
  [s3, mediaconvert, dynamodb].forEach((client) => client.destroy());
  rmSync(dir, { recursive: true, force: true });
});

async function playbackKeys(id: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${id}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

async function storedRecord(id: string): Promise<Record<string, unknown>> {
  const { Item: item } = await dynamodb.send(
    new GetItemCommand({ TableName: 'videos', Key: marshall({ id }), ConsistentRead: true }),
  );
  return item ? unmarshall(item) : {};
}

const jobStatus = async (jobId: string) => (await mediaconvert.send(new GetJobCommand({ Id: jobId }))).Job?.Status;

async function getVideo(id: string) {
  return (await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, GET, { id })).data?.getVideo as {
    status: string;
    failureReason: string | null;
  } | null;
}

/** Uploaded and registered as the web app does; returns once its job has put segments in the bucket. */
async function videoMidTranscode(title: string): Promise<{ id: string; jobId: string }> {
  const id = await uploadAsUser(endpoints, owner, clip);
  const created = await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, CREATE, {
    input: { id, title },
  });
  expect(created.errors).toBeUndefined();
  const jobId = await eventually(
    async () => {
      const { jobId: recorded } = await storedRecord(id);
      expect(typeof recorded).toBe('string');
      return recorded as string;
    },
    { what: 'the job to be recorded', timeoutMs: 60_000, intervalMs: 200 },
  );
  await eventually(async () => expect((await playbackKeys(id)).some((key) => key.endsWith('.ts'))).toBe(true), {
    what: 'the first segments in the playback bucket',
    timeoutMs: 90_000,
    intervalMs: 100,
  });
  expect(await jobStatus(jobId)).toBe('PROGRESSING');
  return { id, jobId };
}

/** Empty once the final event has gone through EventBridge, SQS and job-events, and empty a moment later still. */
async function expectNoPlaybackObjects(id: string): Promise<void> {
  await eventually(async () => expect(await playbackKeys(id)).toEqual([]), {
    what: `the playback objects of ${id} to go`,
    timeoutMs: 30_000,
    intervalMs: 200,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await playbackKeys(id)).toEqual([]);
}

test('deleteVideo mid-transcode cancels the job, and nothing of it is left once it has ended', async () => {
  // Prepare
  const { id, jobId } = await videoMidTranscode('Regret');

  // Act
  const deleted = await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, DELETE, { id });

  // Assess
  expect(deleted.errors).toBeUndefined();
  expect(await jobStatus(jobId)).toBe('CANCELED');
  await eventually(async () => expect(ffmpegOfJob(jobId)).toEqual([]), { what: 'the ffmpeg to stop' });
  await expectNoPlaybackObjects(id);
  await expect(s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: id }))).rejects.toMatchObject({
    name: 'NotFound',
  });
  expect(await getVideo(id)).toBeNull();
});

test('an encoder that dies midway: FAILED with a reason, and the segments it wrote before are deleted', async () => {
  // Prepare
  const { id, jobId } = await videoMidTranscode('Crash');
  const [encoder] = ffmpegOfJob(jobId);
  expect(encoder).toBeDefined();

  // Act
  process.kill(encoder as number, 'SIGKILL');

  // Assess
  const failed = await eventually(
    async () => {
      const video = await getVideo(id);
      expect(video?.status).toBe('FAILED');
      return video;
    },
    { what: 'the video to fail', timeoutMs: 60_000, intervalMs: 200 },
  );
  expect(failed?.failureReason).toMatch(/^The video could not be converted: Transcoding failed/);
  expect(await jobStatus(jobId)).toBe('ERROR');
  await expectNoPlaybackObjects(id);
});

test("the watchdog failing an overdue video mid-transcode cancels its job and leaves none of the job's output", async () => {
  // Prepare
  const { id, jobId } = await videoMidTranscode('Overdue');

  // Act: the deadline passes (the suite's watchdog runs every second).
  await dynamodb.send(
    new UpdateItemCommand({
      TableName: 'videos',
      Key: marshall({ id }),
      UpdateExpression: 'SET deadlineAt = :past',
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({
        ':past': new Date(Date.now() - 60_000).toISOString(),
        ':processing': 'PROCESSING',
      }),
    }),
  );

  // Assess
  await eventually(
    async () => expect(await getVideo(id)).toMatchObject({ status: 'FAILED', failureReason: OVERDUE_REASON }),
    {
      what: 'the watchdog to fail the video',
      timeoutMs: 30_000,
      intervalMs: 200,
    },
  );
  await eventually(async () => expect(await jobStatus(jobId)).toBe('CANCELED'), { what: 'the job to be canceled' });
  await expectNoPlaybackObjects(id);
});
