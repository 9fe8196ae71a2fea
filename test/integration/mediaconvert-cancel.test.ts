// The local MediaConvert midway through a job, on the suite's S3: HLS segments reach the bucket
// while ffmpeg still transcodes (as MediaConvert begins uploading during TRANSCODING), and
// CancelJob stops the ffmpeg, answers CANCELED at once, and sends the CANCELED event only once
// nothing of the job runs or writes any more.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CancelJobCommand, CreateJobCommand, GetJobCommand } from '@aws-sdk/client-mediaconvert';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { buildJobSettings } from '../../functions/lib/job-settings';
import { computeLadder } from '../../functions/lib/ladder';
import type { EventEntry } from '../../local/events';
import type { LocalMediaConvert } from '../../local/mediaconvert';
import { testEndpoints } from '../support/endpoints';
import { eventually, waitUntil } from '../support/eventually';
import { ffmpegOfJob } from '../support/job-processes';
import { startTestMediaConvert, testMediaConvertClient } from '../support/local-mediaconvert';
import { makeClip } from '../support/media';

jest.setTimeout(120_000);

const endpoints = testEndpoints();
const s3 = new S3Client({
  endpoint: endpoints.s3Endpoint,
  region: endpoints.region,
  forcePathStyle: true,
  credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
});
const workDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-mediaconvert-cancel-'));
const events: EventEntry[] = [];
/** For each CANCELED event, the job's ffmpeg processes at the moment it was sent. */
const ffmpegAtCanceledEvent = new Map<string, number[]>();
let mediaconvert: LocalMediaConvert;
let client: MediaConvertClient;

beforeAll(async () => {
  mediaconvert = await startTestMediaConvert(endpoints, {
    dataDir: mkdtempSync(path.join(workDir, 'mc-')),
    putEvents: (entries) => {
      for (const entry of entries) {
        const jobId = String(entry.detail.jobId);
        if (entry.detail.status === 'CANCELED') ffmpegAtCanceledEvent.set(jobId, ffmpegOfJob(jobId));
        events.push(entry);
      }
    },
    statusIntervalScale: 0.05,
  });
  client = testMediaConvertClient(endpoints, mediaconvert.endpoint);
});

afterAll(async () => {
  await mediaconvert.close();
  client.destroy();
  s3.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

/** A job on a 40 s 720p clip: four renditions, long enough to act on midway. */
async function startLongJob(): Promise<{ jobId: string; videoId: string }> {
  const file = path.join(workDir, `${ulid()}.mp4`);
  makeClip(file, { width: 1280, height: 720, seconds: 40, audio: true });
  // Not a ULID: the suite's own pipeline leaves the object alone.
  const videoId = `mediaconvert-cancel-test-${ulid()}`;
  await s3.send(new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: videoId, Body: readFileSync(file) }));
  const request = buildJobSettings({
    videoId,
    inputUrl: `s3://${endpoints.rawBucket}/${videoId}`,
    playbackBucket: endpoints.playbackBucket,
    ladder: computeLadder({ width: 1280, height: 720, hasAudio: true }),
    hasAudio: true,
    roleArn: 'arn:aws:iam::000000000000:role/videopipe-mediaconvert',
  });
  const { Job: job } = await client.send(new CreateJobCommand(request));
  return { jobId: job?.Id as string, videoId };
}

async function playbackKeys(videoId: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${videoId}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

const jobStatus = async (jobId: string) => (await client.send(new GetJobCommand({ Id: jobId }))).Job?.Status;

/** Waits until a finished segment of the video is in the bucket, and returns the keys then. */
function firstSegments(videoId: string): Promise<string[]> {
  return eventually(
    async () => {
      const keys = await playbackKeys(videoId);
      expect(keys.some((key) => key.endsWith('.ts'))).toBe(true);
      return keys;
    },
    { what: 'a first segment in the playback bucket', timeoutMs: 60_000, intervalMs: 100 },
  );
}

test('segments reach the bucket while ffmpeg still transcodes; the playlists only at the end', async () => {
  // Prepare
  const { jobId, videoId } = await startLongJob();

  // Act
  const midway = await firstSegments(videoId);

  // Assess
  expect(await jobStatus(jobId)).toBe('PROGRESSING');
  expect(ffmpegOfJob(jobId)).not.toEqual([]);
  expect(midway.filter((key) => key.endsWith('.m3u8'))).toEqual([]);
  await client.send(new CancelJobCommand({ Id: jobId }));
});

test('CancelJob midway: CANCELED at once, the ffmpeg gone and the last write landed before the CANCELED event, nothing after it', async () => {
  // Prepare
  const { jobId, videoId } = await startLongJob();
  await firstSegments(videoId);
  expect(ffmpegOfJob(jobId)).not.toEqual([]);

  // Act
  await client.send(new CancelJobCommand({ Id: jobId }));

  // Assess
  expect(await jobStatus(jobId)).toBe('CANCELED');
  const ofJob = () => events.filter((event) => event.detail.jobId === jobId);
  await waitUntil(() => ofJob().some((event) => event.detail.status === 'CANCELED'), 'the CANCELED event', 30_000);
  expect(ffmpegAtCanceledEvent.get(jobId)).toEqual([]);
  const atEvent = await playbackKeys(videoId);
  expect(atEvent.length).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await playbackKeys(videoId)).toEqual(atEvent);
  expect(ofJob().map((event) => event.detail.status)).not.toEqual(expect.arrayContaining(['COMPLETE']));
  expect(ofJob().at(-1)?.detail.status).toBe('CANCELED');
  expect(ffmpegOfJob(jobId)).toEqual([]);
});
