// The disk full where MediaConvert jobs work: a small tmpfs mounted on the local MediaConvert's
// work directory (as root, as CI runs; elsewhere the test says why it cannot run). The job ends in
// ERROR with a message that names the cause, the service keeps answering, and the next job on a
// disk with room completes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateJobCommand } from '@aws-sdk/client-mediaconvert';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { buildJobSettings } from '../../functions/lib/job-settings';
import { computeLadder } from '../../functions/lib/ladder';
import type { LocalMediaConvert } from '../../local/mediaconvert';
import { testEndpoints } from '../support/endpoints';
import { startTestMediaConvert, testMediaConvertClient, waitForJobEnd } from '../support/local-mediaconvert';
import { makeClip } from '../support/media';

jest.setTimeout(90_000);

const endpoints = testEndpoints();
const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-disk-full-'));
const workDir = path.join(dataDir, 'work');

function mountTinyDisk(): string | null {
  mkdirSync(workDir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', workDir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]}); run as root to test a full disk`;
  }
}

const cannotMount = mountTinyDisk();
let mediaconvert: LocalMediaConvert;
let client: MediaConvertClient;
const s3 = new S3Client({
  endpoint: endpoints.s3Endpoint,
  region: endpoints.region,
  forcePathStyle: true,
  credentials,
});

async function submit(width: number, height: number, seconds: number): Promise<string> {
  const file = path.join(os.tmpdir(), `${ulid()}.mp4`);
  makeClip(file, { width, height, seconds, audio: true });
  // Not a ULID: the suite's own pipeline leaves the object alone.
  const key = `disk-full-test-${ulid()}`;
  await s3.send(new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: key, Body: readFileSync(file) }));
  rmSync(file);
  const request = buildJobSettings({
    videoId: key,
    inputUrl: `s3://${endpoints.rawBucket}/${key}`,
    playbackBucket: endpoints.playbackBucket,
    ladder: computeLadder({ width, height, hasAudio: true }),
    hasAudio: true,
    roleArn: 'arn:aws:iam::000000000000:role/x',
  });
  return (await client.send(new CreateJobCommand(request))).Job?.Id as string;
}

beforeAll(async () => {
  if (cannotMount) return;
  mediaconvert = await startTestMediaConvert(endpoints, { dataDir });
  client = testMediaConvertClient(endpoints, mediaconvert.endpoint);
});

afterAll(async () => {
  await mediaconvert?.close();
  client?.destroy();
  s3.destroy();
  if (!cannotMount) execFileSync('umount', [workDir]);
  rmSync(dataDir, { recursive: true, force: true });
});

(cannotMount ? test.skip : test)(
  `a job whose outputs do not fit ends in ERROR naming the full disk; a small one then completes${cannotMount ? ` (${cannotMount})` : ''}`,
  async () => {
    const big = await waitForJobEnd(client, await submit(1280, 720, 6));
    expect(big).toMatchObject({ Status: 'ERROR' });
    expect(big.ErrorMessage).toMatch(/No space left on (the disk|device)/);
    // The work files of the failed job are gone, so the disk has room again.
    const small = await waitForJobEnd(client, await submit(320, 240, 1));
    expect(small.Status).toBe('COMPLETE');
  },
);
