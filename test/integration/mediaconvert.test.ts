// The local MediaConvert through @aws-sdk/client-mediaconvert, reading from and writing to the
// suite's local S3, jobs run by ffmpeg on clips made here; outputs checked with ffprobe and a real
// HLS parser. Each test runs its own MediaConvert (own data dir, events collected in memory).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CancelJobCommand,
  CreateJobCommand,
  DescribeEndpointsCommand,
  GetJobCommand,
  ListJobsCommand,
  MediaConvertClient,
} from '@aws-sdk/client-mediaconvert';
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { PLAYLIST_REFUSAL } from '../../common/media-containers';
import { buildJobSettings } from '../../functions/lib/job-settings';
import { computeLadder } from '../../functions/lib/ladder';
import type { EventEntry } from '../../local/events';
import type { LocalMediaConvert } from '../../local/mediaconvert';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { startTestMediaConvert, testMediaConvertClient, waitForJobEnd } from '../support/local-mediaconvert';
import { TS_CLIP, makeContainerClip } from '../support/containers';
import { ffprobeJson, keyframeTimes, makeClip, parsePlaylist } from '../support/media';
import { ffconcatList, hlsPlaylist, startListener } from '../support/playlists';
import type { ClipOptions } from '../support/media';

jest.setTimeout(120_000);

const endpoints = testEndpoints();
const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
const s3 = new S3Client({
  endpoint: endpoints.s3Endpoint,
  region: endpoints.region,
  credentials,
  forcePathStyle: true,
});
const ROLE = 'arn:aws:iam::000000000000:role/videopipe-mediaconvert';
let workDir: string;
const running: LocalMediaConvert[] = [];

interface Harness {
  mediaconvert: LocalMediaConvert;
  client: MediaConvertClient;
  events: EventEntry[];
}

async function startHarness(options: { dataDir?: string; maxConcurrentJobs?: number } = {}): Promise<Harness> {
  const events: EventEntry[] = [];
  const mediaconvert = await startTestMediaConvert(endpoints, {
    dataDir: options.dataDir ?? mkdtempSync(path.join(workDir, 'mc-')),
    putEvents: (entries) => events.push(...entries),
    maxConcurrentJobs: options.maxConcurrentJobs,
    statusIntervalScale: 0.05,
  });
  running.push(mediaconvert);
  const client = testMediaConvertClient(endpoints, mediaconvert.endpoint);
  return { mediaconvert, client, events };
}

async function uploadClip(clip: ClipOptions): Promise<{ key: string; file: string }> {
  const file = path.join(workDir, `${ulid()}.mp4`);
  makeClip(file, clip);
  // Not a ULID: the suite's own pipeline leaves the object alone (no upload ticket names it).
  const key = `mediaconvert-test-${ulid()}`;
  await s3.send(
    new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: key, Body: readFileSync(file), ContentType: 'video/mp4' }),
  );
  return { key, file };
}

function jobFor(
  key: string,
  source: { width: number; height: number; rotation?: number; hasAudio: boolean },
): CreateJobRequest {
  return buildJobSettings({
    videoId: key,
    inputUrl: `s3://${endpoints.rawBucket}/${key}`,
    playbackBucket: endpoints.playbackBucket,
    ladder: computeLadder(source),
    hasAudio: source.hasAudio,
    roleArn: ROLE,
  });
}

/** Copies everything under prefix from the playback bucket into a local folder. */
async function download(prefix: string): Promise<{ dir: string; contentTypes: Record<string, string> }> {
  const dir = mkdtempSync(path.join(workDir, 'out-'));
  const contentTypes: Record<string, string> = {};
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: prefix }));
  for (const object of listed.Contents ?? []) {
    const got = await s3.send(new GetObjectCommand({ Bucket: endpoints.playbackBucket, Key: object.Key }));
    const local = path.join(dir, (object.Key as string).slice(prefix.length));
    mkdirSync(path.dirname(local), { recursive: true });
    writeFileSync(local, await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    contentTypes[(object.Key as string).slice(prefix.length)] = got.ContentType ?? '';
  }
  return { dir, contentTypes };
}

interface Rendered {
  master: ReturnType<typeof parsePlaylist>;
  variants: Array<{
    uri: string;
    width: number;
    height: number;
    codecs: string[];
    duration: number;
    keyframes: number[];
    bandwidth: number;
  }>;
  contentTypes: Record<string, string>;
  dir: string;
}

async function inspectOutputs(videoId: string): Promise<Rendered> {
  const { dir, contentTypes } = await download(`${videoId}/`);
  const master = parsePlaylist(readFileSync(path.join(dir, 'hls', 'index.m3u8'), 'utf8'));
  const variants = (master.playlists ?? []).map((playlist) => {
    const file = path.join(dir, 'hls', playlist.uri);
    const probed = ffprobeJson(file);
    const video = probed.streams.find((stream) => stream.codec_type === 'video');
    return {
      uri: playlist.uri,
      width: video?.width ?? 0,
      height: video?.height ?? 0,
      codecs: probed.streams.map((stream) => stream.codec_name).sort(),
      duration: (parsePlaylist(readFileSync(file, 'utf8')).segments ?? []).reduce(
        (sum, segment) => sum + segment.duration,
        0,
      ),
      keyframes: keyframeTimes(file),
      bandwidth: playlist.attributes.BANDWIDTH ?? 0,
    };
  });
  return { master, variants, contentTypes, dir };
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-mediaconvert-'));
});
afterAll(async () => {
  await Promise.all(running.map((mediaconvert) => mediaconvert.close()));
  s3.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('local MediaConvert', () => {
  test('a 1280x720 clip with audio becomes a 4-rung HLS ladder with a thumbnail, with AWS-shaped events', async () => {
    const { client, events } = await startHarness();
    const { key, file } = await uploadClip({ width: 1280, height: 720, seconds: 4, audio: true });
    const { Job: created } = await client.send(
      new CreateJobCommand(jobFor(key, { width: 1280, height: 720, hasAudio: true })),
    );
    expect(created).toMatchObject({
      Status: 'SUBMITTED',
      UserMetadata: { videoId: key, bucket: endpoints.playbackBucket },
      Role: ROLE,
    });
    expect(created?.CreatedAt).toBeInstanceOf(Date);

    const job = await waitForJobEnd(client, created?.Id as string);
    expect(job.Status).toBe('COMPLETE');
    expect(job.OutputGroupDetails?.[0]?.OutputDetails?.map((output) => output.VideoDetails)).toEqual([
      { WidthInPx: 1280, HeightInPx: 720 },
      { WidthInPx: 854, HeightInPx: 480 },
      { WidthInPx: 640, HeightInPx: 360 },
      { WidthInPx: 426, HeightInPx: 240 },
    ]);

    const rendered = await inspectOutputs(key);
    const sourceDuration = Number(ffprobeJson(file).format.duration);
    expect(rendered.variants.map(({ width, height }) => `${width}x${height}`)).toEqual([
      '1280x720',
      '854x480',
      '640x360',
      '426x240',
    ]);
    for (const variant of rendered.variants) {
      expect(variant.codecs).toEqual(['aac', 'h264']);
      expect(Math.abs(variant.duration - sourceDuration)).toBeLessThanOrEqual(0.1);
      // Segments line up across rungs: the same keyframe instants in every variant.
      expect(variant.keyframes).toEqual(rendered.variants[0]?.keyframes);
      expect(variant.bandwidth).toBeGreaterThan(0);
    }
    expect(rendered.variants[0]?.keyframes.length).toBeGreaterThanOrEqual(2);
    const attributes = rendered.master.playlists?.[0]?.attributes ?? {};
    expect(attributes).toMatchObject({ RESOLUTION: { width: 1280, height: 720 }, 'FRAME-RATE': 25 });
    expect(String(attributes.CODECS)).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/);
    expect(Number(attributes['AVERAGE-BANDWIDTH'])).toBeLessThanOrEqual(Number(attributes.BANDWIDTH));
    expect(rendered.contentTypes).toMatchObject({
      'hls/index.m3u8': 'application/vnd.apple.mpegurl',
      'hls/index_720p_00001.ts': 'video/MP2T',
      'thumbnail/poster.0000000.jpg': 'image/jpeg',
    });
    expect(ffprobeJson(path.join(rendered.dir, 'thumbnail', 'poster.0000000.jpg')).streams[0]).toMatchObject({
      codec_name: 'mjpeg',
      width: 1280,
      height: 720,
    });

    const statuses = events.map((event) => event.detail.status);
    expect(statuses[0]).toBe('PROGRESSING');
    expect(statuses[statuses.length - 1]).toBe('COMPLETE');
    expect(statuses).toContain('STATUS_UPDATE');
    for (const event of events) {
      expect(event).toMatchObject({
        source: 'aws.mediaconvert',
        detailType: 'MediaConvert Job State Change',
        resources: [job.Arn],
      });
      expect(event.detail).toMatchObject({
        jobId: job.Id,
        userMetadata: { videoId: key, bucket: endpoints.playbackBucket },
        queue: job.Queue,
      });
    }
    const percents = events
      .filter((event) => event.detail.status === 'STATUS_UPDATE')
      .map((event) => (event.detail.jobProgress as { jobPercentComplete: number }).jobPercentComplete);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    const last = events.at(-1);
    if (!last) throw new Error('The job ended without sending a state-change event.');
    const complete = last.detail as {
      outputGroupDetails: Array<{
        type: string;
        playlistFilePaths?: string[];
        outputDetails: Array<{ outputFilePaths: string[]; durationInMs: number; videoDetails: object }>;
      }>;
    };
    const [hls, thumbnails] = complete.outputGroupDetails;
    expect(hls).toMatchObject({
      type: 'HLS_GROUP',
      playlistFilePaths: [`s3://${endpoints.playbackBucket}/${key}/hls/index.m3u8`],
    });
    const topVariant = hls?.outputDetails[0];
    expect(topVariant).toMatchObject({
      outputFilePaths: [`s3://${endpoints.playbackBucket}/${key}/hls/index_720p.m3u8`],
      videoDetails: { widthInPx: 1280, heightInPx: 720 },
    });
    // Present: the match above fails first when it is not.
    expect(Math.abs(topVariant!.durationInMs - sourceDuration * 1000)).toBeLessThanOrEqual(100);
    expect(thumbnails).toMatchObject({
      type: 'FILE_GROUP',
      outputDetails: [{ outputFilePaths: [`s3://${endpoints.playbackBucket}/${key}/thumbnail/poster.0000000.jpg`] }],
    });
  });

  test('portrait, silent and rotated sources keep their shape; silent ones get no audio', async () => {
    const { client } = await startHarness({ maxConcurrentJobs: 3 });
    const portrait = await uploadClip({ width: 720, height: 1280, seconds: 2, audio: true });
    const silent = await uploadClip({ width: 640, height: 370, seconds: 2 });
    const rotated = await uploadClip({ width: 640, height: 360, seconds: 2, audio: true, rotate: 90 });
    const jobs = await Promise.all([
      client.send(new CreateJobCommand(jobFor(portrait.key, { width: 720, height: 1280, hasAudio: true }))),
      client.send(new CreateJobCommand(jobFor(silent.key, { width: 640, height: 370, hasAudio: false }))),
      client.send(new CreateJobCommand(jobFor(rotated.key, { width: 640, height: 360, rotation: 90, hasAudio: true }))),
    ]);
    for (const { Job: job } of jobs) expect((await waitForJobEnd(client, job?.Id as string)).Status).toBe('COMPLETE');

    const portraitOut = await inspectOutputs(portrait.key);
    expect(portraitOut.variants.map(({ width, height }) => `${width}x${height}`)).toEqual([
      '720x1280',
      '480x854',
      '360x640',
      '240x426',
    ]);
    const silentOut = await inspectOutputs(silent.key);
    expect(silentOut.variants.map(({ width, height }) => `${width}x${height}`)).toEqual(['622x360', '416x240']);
    for (const variant of silentOut.variants) expect(variant.codecs).toEqual(['h264']);
    expect(silentOut.master.playlists?.[0]?.attributes.CODECS).toMatch(/^avc1\.[0-9a-f]{6}$/);
    // Rotate AUTO: a 640x360 picture displayed a quarter turn round comes out upright, 360x640.
    const rotatedOut = await inspectOutputs(rotated.key);
    expect(rotatedOut.variants.map(({ width, height }) => `${width}x${height}`)).toEqual(['360x640', '240x426']);
  });

  test('a corrupt input ends in ERROR with a message, in GetJob and in the event', async () => {
    const { client, events } = await startHarness();
    const key = `mediaconvert-test-${ulid()}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: endpoints.rawBucket,
        Key: key,
        Body: Buffer.from('not a video at all\n'.repeat(500)),
      }),
    );
    const { Job: created } = await client.send(
      new CreateJobCommand(jobFor(key, { width: 1280, height: 720, hasAudio: true })),
    );
    const job = await waitForJobEnd(client, created?.Id as string);
    expect(job).toMatchObject({ Status: 'ERROR', ErrorCode: 1010 });
    expect(job.ErrorMessage).toMatch(/not a video|damaged/);
    expect(events.at(-1)?.detail).toMatchObject({
      status: 'ERROR',
      errorCode: 1010,
      errorMessage: job.ErrorMessage,
      jobId: job.Id,
    });

    const missing = await client.send(
      new CreateJobCommand(jobFor(ulid(), { width: 1280, height: 720, hasAudio: true })),
    );
    expect(await waitForJobEnd(client, missing.Job?.Id as string)).toMatchObject({ Status: 'ERROR', ErrorCode: 1020 });
  });

  test('an input that names other files (HLS, ffconcat) ends in ERROR 1030: nothing it names is read, fetched or published', async () => {
    const { client } = await startHarness();
    const inside = await startListener();
    const secret = await makeContainerClip(workDir, { ...TS_CLIP, file: `secret-${ulid()}.ts` }, 1);
    try {
      const inputs = {
        hls: hlsPlaylist([`file://${secret}`, `${inside.url}/internal/1.ts`]),
        ffconcat: ffconcatList([path.basename(secret), `${inside.url}/internal/2.ts`]),
      };
      for (const [kind, text] of Object.entries(inputs)) {
        const key = `mediaconvert-test-${ulid()}`;
        await s3.send(
          new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: key, Body: text, ContentType: 'video/mp4' }),
        );
        const { Job: created } = await client.send(
          new CreateJobCommand(jobFor(key, { width: 320, height: 240, hasAudio: false })),
        );
        const job = await waitForJobEnd(client, created?.Id as string);
        expect({ kind, status: job.Status, code: job.ErrorCode, message: job.ErrorMessage }).toEqual({
          kind,
          status: 'ERROR',
          code: 1030,
          message: `Unsupported input container [${kind === 'hls' ? 'hls' : 'concat'}]: ${PLAYLIST_REFUSAL}`,
        });
        const published = await s3.send(
          new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${key}/` }),
        );
        expect(published.Contents ?? []).toEqual([]);
      }
      expect(inside.requests).toEqual([]);
    } finally {
      await inside.close();
    }
  });

  test('settings the executor cannot run are refused with BadRequestException naming the field; a repeated ClientRequestToken returns the first job', async () => {
    const { client } = await startHarness();
    const request = jobFor(ulid(), { width: 640, height: 360, hasAudio: false });
    const output = request.Settings?.OutputGroups?.[0]?.Outputs?.[0];
    if (output?.VideoDescription?.CodecSettings) output.VideoDescription.CodecSettings.Codec = 'H_265';
    await expect(client.send(new CreateJobCommand(request))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('/settings/outputGroups/0/outputs/0/videoDescription/codecSettings/codec'),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new GetJobCommand({ Id: 'nope' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    const wrongKey = new MediaConvertClient({
      endpoint: (await startHarness()).mediaconvert.endpoint,
      region: endpoints.region,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expect(wrongKey.send(new ListJobsCommand({}))).rejects.toMatchObject({ name: 'ForbiddenException' });
    const once = { ...jobFor(ulid(), { width: 640, height: 360, hasAudio: false }), ClientRequestToken: ulid() };
    const [a, b] = await Promise.all([
      client.send(new CreateJobCommand(once)),
      client.send(new CreateJobCommand(once)),
    ]);
    expect(b.Job?.Id).toBe(a.Job?.Id);
    const { Endpoints } = await client.send(new DescribeEndpointsCommand({}));
    expect(Endpoints?.[0]?.Url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("what AWS's API model refuses is a BadRequestException worded like AWS's, and no job is made", async () => {
    const { client } = await startHarness();
    const request = jobFor(ulid(), { width: 640, height: 360, hasAudio: false });
    delete request.Role;
    // A value the executor would ignore: only the model refuses it.
    const h264 = request.Settings?.OutputGroups?.[0]?.Outputs?.[0]?.VideoDescription?.CodecSettings?.H264Settings;
    if (h264) h264.SceneChangeDetect = 'SOMETIMES' as never;
    await expect(client.send(new CreateJobCommand(request))).rejects.toMatchObject({
      name: 'BadRequestException',
      message:
        "The 'role' field is required. | /outputGroups/0/outputs/0/videoDescription/codecSettings/h264Settings/sceneChangeDetect: Should be equal to one of the allowed values: DISABLED, ENABLED, TRANSITION_DETECTION",
      $metadata: { httpStatusCode: 400 },
    });
    expect((await client.send(new ListJobsCommand({}))).Jobs).toEqual([]);
  });

  test("a wide panorama runs: its thumbnail keeps MediaConvert's 32-pixel minimum height", async () => {
    const { client } = await startHarness();
    const { key } = await uploadClip({ width: 2048, height: 48, seconds: 2 });
    const request = jobFor(key, { width: 2048, height: 48, hasAudio: false });
    expect(request.Settings?.OutputGroups?.[1]?.Outputs?.[0]?.VideoDescription).toMatchObject({
      Width: 1366,
      Height: 32,
    });
    const { Job: created } = await client.send(new CreateJobCommand(request));
    expect(await waitForJobEnd(client, created?.Id as string)).toMatchObject({ Status: 'COMPLETE' });
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${key}/thumbnail/` }),
    );
    const thumbnail = listed.Contents?.[0]?.Key as string;
    const { dir } = await download(`${key}/thumbnail/`);
    const probed = ffprobeJson(path.join(dir, path.basename(thumbnail)));
    expect(probed.streams?.[0]).toMatchObject({ width: 1366, height: 32 });
  });

  test('a bounded number of jobs run at once; the rest wait; ListJobs pages; CancelJob stops one', async () => {
    const { client, events } = await startHarness({ maxConcurrentJobs: 1 });
    const { key } = await uploadClip({ width: 640, height: 360, seconds: 6 });
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1)
      ids.push(
        (await client.send(new CreateJobCommand(jobFor(key, { width: 640, height: 360, hasAudio: false })))).Job
          ?.Id as string,
      );
    const statuses = async () =>
      Promise.all(ids.map(async (id) => (await client.send(new GetJobCommand({ Id: id }))).Job?.Status));
    expect((await statuses()).filter((status) => status === 'PROGRESSING').length).toBeLessThanOrEqual(1);
    expect((await statuses()).slice(1)).toEqual(['SUBMITTED', 'SUBMITTED']);

    const first = await client.send(new ListJobsCommand({ MaxResults: 2 }));
    expect(first.Jobs?.map((job) => job.Id)).toEqual([ids[2], ids[1]]);
    const second = await client.send(new ListJobsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.Jobs?.map((job) => job.Id)).toEqual([ids[0]]);
    expect(second.NextToken).toBeUndefined();

    await client.send(new CancelJobCommand({ Id: ids[1] }));
    await client.send(new CancelJobCommand({ Id: ids[0] }));
    expect((await client.send(new GetJobCommand({ Id: ids[0] }))).Job?.Status).toBe('CANCELED');
    await expect(client.send(new CancelJobCommand({ Id: ids[0] }))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    expect((await waitForJobEnd(client, ids[2]!)).Status).toBe('COMPLETE');
    expect(
      events
        .filter((event) => event.detail.status === 'CANCELED')
        .map((event) => event.detail.jobId)
        .sort(),
    ).toEqual([ids[0], ids[1]].sort());
    expect((await client.send(new ListJobsCommand({ Status: 'CANCELED' }))).Jobs).toHaveLength(2);
  });

  test('a job interrupted by a stop runs again at the next start and completes', async () => {
    const dataDir = mkdtempSync(path.join(workDir, 'restart-'));
    const before = await startHarness({ dataDir });
    const { key } = await uploadClip({ width: 640, height: 360, seconds: 6 });
    const { Job: created } = await before.client.send(
      new CreateJobCommand(jobFor(key, { width: 640, height: 360, hasAudio: false })),
    );
    await eventually(
      async () =>
        expect((await before.client.send(new GetJobCommand({ Id: created?.Id }))).Job?.Status).toBe('PROGRESSING'),
      { what: 'the job to start', timeoutMs: 60_000, intervalMs: 20 },
    );
    await before.mediaconvert.close();

    const after = await startHarness({ dataDir });
    const job = await waitForJobEnd(after.client, created?.Id as string);
    expect(job).toMatchObject({ Status: 'COMPLETE', RetryCount: 1 });
    expect(after.events.map((event) => event.detail.status)).toEqual(
      expect.arrayContaining(['PROGRESSING', 'COMPLETE']),
    );
  });
});
