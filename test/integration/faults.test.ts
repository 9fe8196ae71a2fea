// Faults injected into the running product: the whole local cloud SIGKILLed mid-transcode and
// started again on the same state, a handler that throws on one record of a batch, AppSync
// unreachable when process-upload announces FAILED, and MediaConvert without its ffmpeg.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateJobCommand, DescribeEndpointsCommand, ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import type { Job } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDbOwnerVideos } from '../../functions/lib/adapters/dynamodb-owner-videos';
import { DynamoDbUsageCounter } from '../../functions/lib/adapters/dynamodb-usage-counter';
import { DynamoDbVideoStore } from '../../functions/lib/adapters/dynamodb-video-store';
import { processPartialBatch } from '../../functions/lib/batch';
import { buildJobSettings } from '../../functions/lib/job-settings';
import { computeLadder } from '../../functions/lib/ladder';
import { probe } from '../../functions/lib/probe';
import { createAppSyncStatusPublisher } from '../../functions/lib/publish-status';
import { processUpload } from '../../functions/process-upload/process-upload';
import type { EventEntry } from '../../local/events';
import { resolveFfmpegBinaries } from '../../local/mediaconvert/ffmpeg-binaries';
import type { LocalMediaConvert } from '../../local/mediaconvert';
import { QueueService } from '../../local/queues';
import type { SqsEvent } from '../../local/queues';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import {
  jobsOfVideo,
  mediaConvertClient,
  s3Client,
  signIn,
  statusEvents,
  subscribeToVideo,
  uploadAsUser,
} from '../support/faults';
import type { StatusEvent } from '../support/faults';
import { graphql } from '../support/graphql-client';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { startTestMediaConvert, waitForJobEnd } from '../support/local-mediaconvert';
import { makeClip, parsePlaylist } from '../support/media';
import type { RealtimeClient } from '../support/realtime-client';
import { sqsRecord } from '../support/sqs-event';
import { receiveSentinel } from '../support/sentinel';
import { createUser } from '../support/users';

jest.setTimeout(120_000);

const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id status } }';
const GET =
  'query G($id: ID!) { getVideo(id: $id) { id status progress failureReason playlistUrl renditions { height playlistPath } } }';
const MINE = 'query M { listMyVideos(limit: 100) { items { id status } } }';
const FINAL = new Set(['DONE', 'FAILED']);

let workDir: string;
const clouds: LocalCloudProcess[] = [];
const sockets: RealtimeClient[] = [];
const mediaconverts: LocalMediaConvert[] = [];

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-faults-'));
});
afterAll(async () => {
  sockets.forEach((socket) => socket.close());
  await Promise.all(mediaconverts.map((mediaconvert) => mediaconvert.close()));
  // Only those still running (a SIGKILLed one has exited with a signal, not a code).
  await Promise.all(
    clouds
      .filter((cloud) => cloud.child.exitCode === null && cloud.child.signalCode === null)
      .map((cloud) => cloud.stop('SIGTERM')),
  );
  rmSync(workDir, { recursive: true, force: true });
});

async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (got.Body as { transformToString(): Promise<string> }).transformToString();
}

/** ffmpeg processes (by their command line) still writing into a data dir: what a SIGKILL may leave behind. */
function ffmpegWritingInto(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0] ?? '').startsWith('ffmpeg') && argv.some((arg) => arg.includes(dir)))
        pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('faults', () => {
  test('SIGKILL of the whole local cloud mid-transcode, then a start on the same data dir: one job re-run once, one output, one record, the owner sees DONE', async () => {
    const dataDir = mkdtempSync(path.join(workDir, 'cloud-'));
    let cloud = await startLocalCloudProcess({ dataDir, args: ['--auto-confirm'] });
    clouds.push(cloud);
    let endpoints = cloud.endpoints;
    let owner = await createUser(endpoints, 'survivor');
    const file = path.join(workDir, 'kill.mp4');
    makeClip(file, { width: 1280, height: 720, seconds: 8, audio: true });

    const before = await subscribeToVideo(endpoints, owner, undefined);
    sockets.push(before);
    const id = await uploadAsUser(endpoints, owner, file);
    expect(
      (
        await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, CREATE, {
          input: { id, title: 'Survives a kill' },
        })
      ).errors,
    ).toBeUndefined();

    // Mid-transcode: the job is PROGRESSING and ffmpeg has reported a position.
    let mediaconvert = mediaConvertClient(endpoints);
    const running = await eventually(
      async () => {
        const [job] = await jobsOfVideo(mediaconvert, id);
        if (!job) throw new Error(`video ${id} has no MediaConvert job yet`);
        expect(job).toMatchObject({ Status: 'PROGRESSING', JobPercentComplete: expect.any(Number) });
        expect(job.JobPercentComplete).toBeGreaterThan(0);
        return job;
      },
      { what: 'the job to be transcoding', timeoutMs: 60_000 },
    );
    expect(running.RetryCount).toBe(0);
    mediaconvert.destroy();
    writeFileSync(path.join(dataDir, 'dev-server.before-kill.log'), cloud.output());
    expect(await cloud.stop('SIGKILL')).toBeNull();
    before.close();

    // The orphaned ffmpeg of the killed run must not outlive it for long (it would write into the
    // work dir the re-run uses).
    await eventually(() => expect(ffmpegWritingInto(dataDir)).toEqual([]), {
      what: "the killed run's ffmpeg to end",
      timeoutMs: 10_000,
      intervalMs: 100,
    });

    cloud = await startLocalCloudProcess({ dataDir, args: ['--auto-confirm'] });
    clouds.push(cloud);
    endpoints = cloud.endpoints;
    owner = await signIn(endpoints, owner);
    const after = await subscribeToVideo(endpoints, owner, id);
    sockets.push(after);

    // The final state: live on the new subscription, or (if it came before the subscription) by getVideo.
    const get = async () =>
      (await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, GET, { id })).data?.getVideo;
    const final = await eventually(
      () => {
        const live = statusEvents(after, id).find((event) => FINAL.has(event.status));
        expect(live).toBeDefined();
        return live!;
      },
      { what: 'the video to end', timeoutMs: 90_000, intervalMs: 100 },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; getVideo says ${JSON.stringify(await get())}\n${cloud.output().slice(-4000)}`);
    });
    expect(final.status === 'DONE' || (final.status === 'FAILED' && !!final.failureReason)).toBe(true);
    expect(final).toMatchObject({ status: 'DONE', progress: 100 });
    // Late duplicates, if any, would arrive now. No sentinel can follow them: they would come from
    // the queues' redeliveries, and a message in flight at the kill stays hidden for its visibility
    // timeout (minutes), so waiting for the queues to drain is no bound either.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const heard = statusEvents(after, id);
    expect(heard.filter((event: StatusEvent) => FINAL.has(event.status))).toHaveLength(1);
    expect(heard[heard.length - 1]).toMatchObject({ status: 'DONE' });
    // The re-run starts its percentages from 0 again: the owner's progress still never goes down,
    // across the kill (what they heard before it, then after it).
    const progress = [...statusEvents(before, id), ...heard].map((event: StatusEvent) => event.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const video = await get();
    expect(video).toMatchObject({ status: 'DONE', playlistUrl: `${endpoints.playbackBaseUrl}/${id}/hls/index.m3u8` });
    expect(video.renditions.map((rendition: { height: number }) => rendition.height)).toEqual([720, 480, 360, 240]);
    const mine = (
      await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, MINE)
    ).data!.listMyVideos.items.filter((item: { id: string }) => item.id === id);
    expect(mine).toHaveLength(1);

    // One job, run again once after the kill, and complete.
    mediaconvert = mediaConvertClient(endpoints);
    const jobs = await jobsOfVideo(mediaconvert, id);
    mediaconvert.destroy();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ Id: running.Id, Status: 'COMPLETE', RetryCount: 1 });

    // One job's output: the master, its four variants, their segments, the poster; nothing else.
    const s3 = s3Client(endpoints);
    const keys: string[] = [];
    for (let token: string | undefined, page = 0; page === 0 || token; page += 1) {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${id}/`, ContinuationToken: token }),
      );
      keys.push(...(listed.Contents ?? []).map((object) => (object.Key as string).slice(id.length + 1)));
      token = listed.NextContinuationToken;
    }
    const master = parsePlaylist(await readObject(s3, endpoints.playbackBucket, `${id}/hls/index.m3u8`));
    const variants = (master.playlists ?? []).map((playlist) => playlist.uri);
    expect(variants).toEqual(['index_720p.m3u8', 'index_480p.m3u8', 'index_360p.m3u8', 'index_240p.m3u8']);
    const expected = new Set(['hls/index.m3u8']);
    for (const variant of variants) {
      expected.add(`hls/${variant}`);
      const media = parsePlaylist(await readObject(s3, endpoints.playbackBucket, `${id}/hls/${variant}`));
      expect(media.endList).toBe(true);
      for (const segment of media.segments ?? []) expected.add(`hls/${segment.uri}`);
    }
    const posters = keys.filter((key) => /^thumbnail\/poster\.\d{7}\.jpg$/.test(key));
    expect(posters.length).toBeGreaterThanOrEqual(1);
    expect(keys.filter((key) => !posters.includes(key)).sort()).toEqual([...expected].sort());
    s3.destroy();

    // Nothing was given up on: both dead-letter queues are empty.
    for (const dlq of ['uploads-dlq', 'job-events-dlq']) {
      const journal = path.join(dataDir, 'queues', `${dlq}.jsonl`);
      if (existsSync(journal)) expect(readFileSync(journal, 'utf8').trim()).toBe('');
    }
  });

  test('a handler that throws on one record of a batch: only that record comes back, then goes to the DLQ with its receive count', async () => {
    const dataDir = mkdtempSync(path.join(workDir, 'queues-'));
    const maxReceiveCount = 3;
    // The queues' clock: the bad record's visibility timeout passes when the test moves it.
    let clock = Date.UTC(2026, 0, 1);
    const service = new QueueService(
      [
        {
          name: 'work',
          visibilityTimeoutSeconds: 0.2,
          messageRetentionSeconds: 3600,
          maxReceiveCount,
          deadLetterQueue: 'work-dlq',
        },
        { name: 'work-dlq', visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
      ],
      dataDir,
      { region: 'us-east-1', accountId: '000000000000', now: () => clock },
    );
    try {
      const work = service.queue('work');
      const deletes = jest.spyOn(work, 'deleteByReceipt');
      const deliveries: string[] = [];
      const batches: number[] = [];
      const logger = new Logger({ serviceName: 'faults-test', logLevel: 'SILENT' });
      // The product's partial-batch wrapper, with a record handler that throws on one body.
      service.consume('work', {
        batchSize: 10,
        invoke: (event: SqsEvent) => {
          batches.push(event.Records.length);
          return processPartialBatch(
            event,
            async (record) => {
              deliveries.push(`${record.body}#${record.attributes?.ApproximateReceiveCount}`);
              if (record.body === 'poison') throw new Error('this record always fails');
            },
            logger,
          );
        },
      });
      const sent = ['a', 'b', 'poison', 'c', 'd'].map((body) => ({ body, id: service.send('work', body).messageId }));
      // The good records deleted; the bad one comes back each time its visibility timeout passes.
      await eventually(() => expect(work.counts()).toEqual({ visible: 0, inFlight: 1 }));
      for (let receive = 2; receive <= maxReceiveCount; receive += 1) {
        clock += 201;
        await eventually(() => expect(deliveries).toContain(`poison#${receive}`));
      }
      clock += 201;
      await eventually(() => expect(service.queue('work-dlq').counts().visible).toBe(1), {
        what: 'the bad record to reach the DLQ',
      });

      expect(batches[0]).toBe(5);
      expect(deliveries.filter((entry) => !entry.startsWith('poison')).sort()).toEqual(['a#1', 'b#1', 'c#1', 'd#1']);
      expect(deliveries.filter((entry) => entry.startsWith('poison'))).toEqual(['poison#1', 'poison#2', 'poison#3']);
      // Each good record deleted exactly once, on its first delivery; the bad one never.
      const deletedIds = deletes.mock.calls.map(([receipt]) => receipt.split(':')[0]);
      for (const { body, id } of sent)
        expect([body, deletedIds.filter((deleted) => deleted === id).length]).toEqual([
          body,
          body === 'poison' ? 0 : 1,
        ]);
      expect(deletes.mock.results.every((result) => result.value === true)).toBe(true);
      expect(work.counts()).toEqual({ visible: 0, inFlight: 0 });

      const [dead] = service.queue('work-dlq').receive(10, () => undefined);
      expect(dead).toMatchObject({ messageId: sent[2]?.id, body: 'poison' });
      // The count moves with it (SQS does not reset it on redrive): three receives, this is the fourth.
      expect(Number(dead?.attributes.ApproximateReceiveCount)).toBe(maxReceiveCount + 1);
    } finally {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('process-upload with AppSync unreachable: the FAILED verdict is stored and readable by the owner, the record is not retried', async () => {
    const endpoints = testEndpoints();
    const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
    const owner = await createUser(endpoints, 'unheard');
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: endpoints.dynamodbEndpoint, region: endpoints.region, credentials }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const notVideo = path.join(workDir, 'notes.mp4');
    writeFileSync(notVideo, 'meeting notes, not a video\n'.repeat(200));
    // No object in the raw bucket, so the suite's own pipeline never sees this id: the S3 side is
    // faked (owner metadata, the accepted copy, deletes), the store, ffprobe and the publisher are
    // the real ones.
    const videoId = ulid();
    const deleted: string[] = [];
    const socket = await subscribeToVideo(endpoints, owner, videoId);
    sockets.push(socket);
    const thrown: unknown[] = [];
    const response = await processPartialBatch(
      { Records: [sqsRecord('{}', 'm-1')] },
      () =>
        processUpload(
          {
            bucket: endpoints.rawBucket,
            key: videoId,
            eTag: 'etag',
            size: 5400,
            eventName: 'ObjectCreated:Post',
          },
          {
            store: new DynamoDbVideoStore(documents, 'videos'),
            ownerVideos: new DynamoDbOwnerVideos(documents, 'videos'),
            usage: new DynamoDbUsageCounter(documents, 'videos'),
            publisher: createAppSyncStatusPublisher({
              url: 'http://127.0.0.1:9/graphql',
              region: endpoints.region,
              credentials,
              timeoutMs: 1000,
            }),
            uploads: {
              readUpload: async () => ({ userId: owner.sub }),
              readAccepted: async () => null,
              copyToAccepted: async () => true,
              deleteUpload: async (key) => {
                deleted.push(`upload ${key}`);
              },
              deleteAll: async (key) => {
                deleted.push(`upload and copy ${key}`);
              },
              acceptedReadUrl: async () => notVideo,
              acceptedInputUrl: () => 's3://not-read',
            },
            probe: (input) => probe(input, { ffprobePath: resolveFfmpegBinaries().ffprobe }),
            createJob: async () => {
              throw new Error('no job may be created for a file that is not a video');
            },
            jobSettings: {
              rawBucket: endpoints.rawBucket,
              playbackBucket: endpoints.playbackBucket,
              roleArn: 'arn:aws:iam::000000000000:role/x',
              statusUpdateIntervalSeconds: 10,
            },
            logger: new Logger({
              serviceName: 'process-upload',
              logLevel: process.env.FAULTS_DEBUG ? 'DEBUG' : 'SILENT',
            }),
          },
        ).catch((error: unknown) => {
          thrown.push(error);
          throw error;
        }),
      new Logger({ serviceName: 'process-upload', logLevel: process.env.FAULTS_DEBUG ? 'DEBUG' : 'SILENT' }),
    );
    // The publish failing is not the upload's fault: the record succeeds, the verdict stands.
    expect([response, thrown.map(String)]).toEqual([{ batchItemFailures: [] }, []]);
    expect(deleted).toEqual([`upload ${videoId}`, `upload and copy ${videoId}`]);
    // The owner registers it afterwards (the pipeline's record proves ownership) and reads the verdict.
    expect(
      (
        await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, CREATE, {
          input: { id: videoId, title: 'Notes' },
        })
      ).errors,
    ).toBeUndefined();
    const video = (await graphql(endpoints, { mode: 'userPool', token: owner.idToken }, GET, { id: videoId })).data
      ?.getVideo;
    expect(video).toMatchObject({
      id: videoId,
      status: 'FAILED',
      failureReason: 'The file is not a video that can be read, or it is damaged.',
    });
    await receiveSentinel(endpoints, socket, owner);
    expect(statusEvents(socket, videoId)).toEqual([]);
    documents.destroy();
  });

  test('ffmpeg (or ffprobe) missing: the job ends in ERROR with a message naming the binary and the variable, and MediaConvert keeps serving', async () => {
    const endpoints = testEndpoints();
    const s3 = s3Client(endpoints);
    const clip = path.join(workDir, 'small.mp4');
    makeClip(clip, { width: 320, height: 240, seconds: 1 });
    // Not a ULID: the suite's pipeline leaves the object alone.
    const key = `faults-test-${ulid()}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: endpoints.rawBucket,
        Key: key,
        Body: readFileSync(clip),
        ContentType: 'video/mp4',
      }),
    );
    const real = resolveFfmpegBinaries();

    for (const [missing, binaries, variable] of [
      ['/nonexistent/bin/ffmpeg', { ffmpeg: '/nonexistent/bin/ffmpeg', ffprobe: real.ffprobe }, 'FFMPEG_PATH'],
      ['/nonexistent/bin/ffprobe', { ffmpeg: real.ffmpeg, ffprobe: '/nonexistent/bin/ffprobe' }, 'FFPROBE_PATH'],
    ] as const) {
      const events: EventEntry[] = [];
      const dataDir = mkdtempSync(path.join(workDir, 'mc-'));
      const local = await startTestMediaConvert(endpoints, {
        dataDir,
        binaries,
        putEvents: (entries) => events.push(...entries),
        statusIntervalScale: 0.05,
      });
      mediaconverts.push(local);
      const client = mediaConvertClient({ ...endpoints, mediaconvertEndpoint: local.endpoint });
      const request = buildJobSettings({
        videoId: key,
        inputUrl: `s3://${endpoints.rawBucket}/${key}`,
        playbackBucket: endpoints.playbackBucket,
        ladder: computeLadder({ width: 320, height: 240, hasAudio: false }),
        hasAudio: false,
        roleArn: 'arn:aws:iam::000000000000:role/videopipe-mediaconvert',
      });
      const finished: Job[] = [];
      // Twice: the second job fails the same way, promptly; the service does not wedge or crash.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const { Job: created } = await client.send(new CreateJobCommand(request));
        finished.push(await waitForJobEnd(client, created?.Id as string, 15_000));
      }
      for (const job of finished) {
        expect(job).toMatchObject({
          Status: 'ERROR',
          ErrorMessage: expect.stringContaining(
            `${path.basename(missing)} was not found at ${missing}: set ${variable}`,
          ),
        });
        expect(typeof job.ErrorCode).toBe('number');
      }
      const errors = events.filter((event) => event.detail.status === 'ERROR');
      expect(errors).toHaveLength(2);
      expect(errors[0]?.detail).toMatchObject({
        errorCode: finished[0]?.ErrorCode,
        errorMessage: finished[0]?.ErrorMessage,
      });
      expect((await client.send(new DescribeEndpointsCommand({}))).Endpoints?.length).toBeGreaterThan(0);
      expect((await client.send(new ListJobsCommand({ Status: 'ERROR' }))).Jobs).toHaveLength(2);
      // Work dirs cleaned up; nothing left to re-run at a restart.
      expect(existsSync(path.join(dataDir, 'work')) ? readdirSync(path.join(dataDir, 'work')) : []).toEqual([]);
      client.destroy();
    }
    s3.destroy();
  });
});
