// Load: many uploads at once through the whole local pipeline, then many subscribers at once.
// Runs with `npm run test:soak` (its own jest config; not part of `npm test`). Prints its figures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListJobsCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { Job } from '@aws-sdk/client-mediaconvert';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { graphql } from '../support/graphql-client';
import { makeClip } from '../support/media';
import type { ClipOptions } from '../support/media';
import { mapLimit, percentile, sampleProcessMemory } from '../support/process-memory';
import { RealtimeClient } from '../support/realtime-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(300_000);

const TICKET = 'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields } }';
const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id } }';
const GET = 'query G($id: ID!) { getVideo(id: $id) { id title status } }';
const SUBSCRIPTION =
  'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id userId status progress updatedAt } }';
// As on AppSync, subscribers get (and filters see) only the fields the mutation selects.
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt } }';
const QUEUES = ['uploads', 'uploads-dlq', 'job-events', 'job-events-dlq'];

const endpoints = testEndpoints();
const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
const host = new URL(endpoints.graphqlUrl).host;
const bound = Number(process.env.VIDEOPIPE_MEDIACONVERT_CONCURRENCY ?? 2);
const sockets: RealtimeClient[] = [];
const figures: string[] = [];

interface StatusEvent {
  id: string;
  userId: string;
  status: string;
  progress: number;
  updatedAt: string;
}
interface Received {
  at: number;
  subscription: string;
  event: StatusEvent;
}

/** A connected, acknowledged socket with one subscription, and every data event with its receipt time. */
async function subscriber(user: TestUser, videoId?: string): Promise<{ client: RealtimeClient; received: Received[] }> {
  const client = await RealtimeClient.connect(endpoints, { Authorization: user.idToken });
  sockets.push(client);
  const received: Received[] = [];
  client.socket.on('message', (data) => {
    const at = Date.now();
    // ws hands a message over as one Buffer while the socket's binaryType is its default, nodebuffer.
    if (!Buffer.isBuffer(data)) throw new Error('ws delivered a message that is not a Buffer: binaryType changed?');
    const message = JSON.parse(data.toString('utf8'));
    if (message.type === 'data')
      received.push({ at, subscription: message.id, event: message.payload.data.onVideoStatusChanged });
  });
  await client.waitFor((m) => m.type === 'connection_ack', 30_000);
  client.subscribe('s', SUBSCRIPTION, videoId ? { id: videoId } : {}, { Authorization: user.idToken }, host);
  await client
    .waitFor((m) => m.type === 'start_ack' || m.type === 'error', 30_000)
    .then((m) => {
      if (m.type !== 'start_ack') throw new Error(`subscription refused: ${JSON.stringify(m)}`);
    });
  return { client, received };
}

async function allJobs(mediaconvert: MediaConvertClient, status?: 'PROGRESSING'): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let token: string | undefined, page = 0; page === 0 || token; page += 1) {
    const listed = await mediaconvert.send(new ListJobsCommand({ MaxResults: 20, NextToken: token, Status: status }));
    jobs.push(...(listed.Jobs ?? []));
    token = listed.NextToken;
  }
  return jobs;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

beforeAll(() =>
  figures.push(
    `soak on ${os.cpus().length} cores (load average ${os.loadavg()[0]?.toFixed(1)} at the start), MediaConvert concurrency ${bound}, cloud data dir ${process.env.VIDEOPIPE_TEST_DATA_DIR}`,
  ),
);
afterAll(() => {
  sockets.forEach((socket) => socket.close());
  console.log(`videopipe load soak\n  ${figures.join('\n  ')}`);
});

describe('load', () => {
  test('20 concurrent uploads by 5 users: all DONE, each one job and one DONE event to its owner only, queues drained, transcodes bounded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-soak-'));
    const kinds: Array<[string, ClipOptions]> = [
      ['small-silent.mp4', { width: 320, height: 240, seconds: 1 }],
      ['small-audio.mp4', { width: 320, height: 240, seconds: 1, audio: true }],
      ['sd-silent.mp4', { width: 640, height: 360, seconds: 1 }],
      ['sd-audio.mp4', { width: 640, height: 360, seconds: 1, audio: true }],
    ];
    const clips = kinds.map(([name, options]) => {
      const file = path.join(dir, name);
      makeClip(file, options);
      return { fileName: name, body: readFileSync(file) };
    });
    const users = await Promise.all(Array.from({ length: 5 }, (_, index) => createUser(endpoints, `load${index}`)));
    const subscriptions = await Promise.all(users.map(async (user) => ({ user, ...(await subscriber(user)) })));

    const mediaconvert = new MediaConvertClient({
      endpoint: endpoints.mediaconvertEndpoint,
      region: endpoints.region,
      credentials,
    });
    const sqs = new SQSClient({ endpoint: endpoints.sqsEndpoint, region: endpoints.region, credentials });
    const pid = Number(process.env.VIDEOPIPE_TEST_CLOUD_PID);
    const before = pid ? sampleProcessMemory(pid).stop() : undefined;
    const memory = pid ? sampleProcessMemory(pid) : undefined;
    let maxProgressing = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxProgressing = Math.max(maxProgressing, (await allJobs(mediaconvert, 'PROGRESSING')).length);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const started = Date.now();
    // Every user uploads four clips at once, as four browser tabs would: ticket, POST, register.
    const uploads = await Promise.all(
      users.flatMap((user, u) =>
        clips.map(async ({ fileName, body }, k) => {
          const ticket = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
            input: { contentType: 'video/mp4', size: body.length },
          });
          expect(ticket.errors).toBeUndefined();
          const { videoId, url, fields } = ticket.data!.createUploadUrl as {
            videoId: string;
            url: string;
            fields: string;
          };
          const form = new FormData();
          for (const [name, value] of Object.entries(JSON.parse(fields) as Record<string, string>))
            form.append(name, value);
          form.append('file', new Blob([body], { type: 'video/mp4' }), fileName);
          const response = await fetch(url, { method: 'POST', body: form });
          expect(response.status).toBe(204);
          const created = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, CREATE, {
            input: { id: videoId, title: `load ${u}.${k}` },
          });
          expect(created.errors).toBeUndefined();
          return { user: u, videoId };
        }),
      ),
    );
    const uploaded = Date.now();
    // Each user with their socket's events and the ids of their uploads.
    const owners = subscriptions.map(({ user, received }, u) => ({
      user,
      received,
      ids: new Set(uploads.filter((upload) => upload.user === u).map((upload) => upload.videoId)),
    }));
    const finals = (received: Received[]) => received.filter((r) => r.event.status !== 'PROCESSING');
    const unfinished = () =>
      owners.flatMap(({ received, ids }) => [...ids].filter((id) => !finals(received).some((r) => r.event.id === id)));
    await eventually(() => expect(unfinished()).toEqual([]), {
      what: 'every video to end',
      timeoutMs: 240_000,
      intervalMs: 100,
    });
    const finished = Math.max(...owners.flatMap(({ received }) => finals(received).map((r) => r.at)));
    // Let any doubled or late event arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    sampling = false;
    await sampler;
    const peak = memory?.stop();

    // All DONE, exactly one DONE per video, only to its owner, only the owner's videos.
    for (const { user, received, ids } of owners) {
      expect(received.filter((r) => r.event.userId !== user.sub || !ids.has(r.event.id))).toEqual([]);
      for (const id of ids) {
        const ends = received.filter((r) => r.event.id === id && r.event.status !== 'PROCESSING');
        expect([id, ends.map((r) => r.event.status)]).toEqual([id, ['DONE']]);
        const video = (await graphql(endpoints, { mode: 'userPool', token: user.idToken }, GET, { id })).data!.getVideo;
        expect(video).toMatchObject({ id, status: 'DONE', title: expect.stringMatching(/^load /) });
      }
    }
    // Exactly one MediaConvert job per video, each COMPLETE.
    const jobs = await allJobs(mediaconvert);
    for (const { videoId } of uploads) {
      const mine = jobs.filter((job) => job.UserMetadata?.videoId === videoId);
      expect([videoId, mine.map((job) => job.Status)]).toEqual([videoId, ['COMPLETE']]);
    }
    // The bound, exactly: the most jobs whose [StartTime, FinishTime] overlap (the 200 ms sampler
    // above is the outside view; this one cannot miss a short overlap).
    const edges = jobs
      .filter((job) => uploads.some((upload) => upload.videoId === job.UserMetadata?.videoId))
      .flatMap((job) => [
        { at: job.Timing!.StartTime!.getTime(), step: 1 },
        { at: job.Timing!.FinishTime!.getTime(), step: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.step - b.step);
    let running = 0;
    let maxOverlap = 0;
    for (const edge of edges) maxOverlap = Math.max(maxOverlap, (running += edge.step));
    expect(maxOverlap).toBeLessThanOrEqual(bound);
    // The queues and their DLQs drain (a job-events message is deleted just after its publish).
    const depth = async () => {
      const counts: Record<string, number> = {};
      for (const name of QUEUES) {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        const wanted = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...wanted] }),
        );
        counts[name] = wanted.reduce((sum, attribute) => sum + Number(Attributes[attribute] ?? NaN), 0);
      }
      return counts;
    };
    await eventually(async () => expect(await depth()).toEqual(Object.fromEntries(QUEUES.map((name) => [name, 0]))), {
      what: 'the queues to drain',
      timeoutMs: 15_000,
      intervalMs: 100,
    });
    expect(maxProgressing).toBeGreaterThanOrEqual(1);
    expect(maxProgressing).toBeLessThanOrEqual(bound);

    const latencies = subscriptions.flatMap((s) => s.received.map((r) => r.at - Date.parse(r.event.updatedAt)));
    const wall = finished - started;
    figures.push(
      `uploads: 20 clips (1 s, 320x240/640x360, half with audio) by 5 users; all POSTed and registered in ${ms(uploaded - started)}`,
      `uploads: wall time to the last DONE ${(wall / 1000).toFixed(1)} s, throughput ${(20 / (wall / 60000)).toFixed(1)} videos/min`,
      `uploads: ${latencies.length} status events, latency (receipt - updatedAt) p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))}`,
      `uploads: max PROGRESSING jobs seen by ListJobs every 200 ms ${maxProgressing}, max overlapping StartTime..FinishTime ${maxOverlap} (bound ${bound}); ${jobs.length} jobs in all`,
      peak
        ? `uploads: dev-server before the load: peak RSS so far ${mb(before?.peakRssKb ?? 0)}, ${before?.peakThreads} threads; during it: peak RSS (VmHWM, Lambda worker threads included) ${mb(peak.peakRssKb)}, peak threads ${peak.peakThreads}; children: peak ${peak.peakChildren} at once, ${mb(peak.peakChildrenRssKb)} summed, largest by name ${Object.entries(
            peak.peakChildRssKbByName,
          )
            .map(([name, kb]) => `${name} ${mb(kb)}`)
            .join(', ')}`
        : 'uploads: cloud pid unknown, memory not sampled',
    );
    [mediaconvert, sqs].forEach((client) => client.destroy());
    rmSync(dir, { recursive: true, force: true });
  });

  test('500 concurrent subscribers across 25 users each receive exactly their own events', async () => {
    const USERS = 25;
    const PER_USER = 20;
    const IDS = 4;
    const users = await mapLimit(
      Array.from({ length: USERS }, (_, index) => index),
      10,
      (index) => createUser(endpoints, `sub${index}`),
    );
    const stamp = Date.now().toString(36);
    const videoIdOf = (u: number, k: number) => `soak-${stamp}-${u}-${k}`;
    const idsOf = (u: number) => Array.from({ length: IDS }, (_, k) => videoIdOf(u, k));
    // Per user: 10 sockets on all of their videos, 9 on one video of theirs, and 1 asking for the
    // next user's video by id (must get nothing).
    const plan = users.flatMap((user, u) =>
      Array.from({ length: PER_USER }, (_, j) => {
        const filter = j < 10 ? undefined : j < 19 ? videoIdOf(u, j % IDS) : videoIdOf((u + 1) % USERS, 0);
        return { u, user, filter, expected: j < 10 ? idsOf(u) : j < 19 ? [filter as string] : [] };
      }),
    );
    const connectStarted = Date.now();
    const connectTimes: number[] = [];
    const subs = await mapLimit(plan, 100, async (entry) => {
      const begun = Date.now();
      const sub = await subscriber(entry.user, entry.filter);
      connectTimes.push(Date.now() - begun);
      return { ...entry, ...sub };
    });
    const connected = Date.now() - connectStarted;

    // Two events per video (PROCESSING 50, then DONE), published by the back end's IAM identity.
    const publishes = users.flatMap((user, u) =>
      idsOf(u).flatMap((id) => [
        { id, userId: user.sub, status: 'PROCESSING', progress: 50 },
        { id, userId: user.sub, status: 'DONE', progress: 100 },
      ]),
    );
    const sentAt = new Map<string, number>();
    const key = (event: { id: string; status: string }) => `${event.id}/${event.status}`;
    const publishStarted = Date.now();
    await mapLimit(publishes, 20, async (input) => {
      sentAt.set(key(input), Date.now());
      const result = await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
        input: { ...input, updatedAt: new Date().toISOString() },
      });
      expect(result.errors).toBeUndefined();
    });
    const published = Date.now() - publishStarted;
    const expectedCount = subs.reduce((sum, sub) => sum + sub.expected.length * 2, 0);
    const receivedCount = () => subs.reduce((sum, sub) => sum + sub.received.length, 0);
    // Short of them at the deadline, the per-socket comparison below says which are missing.
    await eventually(() => expect(receivedCount()).toBeGreaterThanOrEqual(expectedCount), {
      what: `${expectedCount} deliveries`,
      timeoutMs: 60_000,
      intervalMs: 100,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    for (const sub of subs) {
      const got = sub.received
        .map((r) => `${r.event.userId === sub.user.sub ? 'own' : 'OTHER'} ${key(r.event)}`)
        .sort();
      const want = sub.expected.flatMap((id) => [`own ${id}/DONE`, `own ${id}/PROCESSING`]).sort();
      expect({ user: sub.u, filter: sub.filter, got }).toEqual({ user: sub.u, filter: sub.filter, got: want });
    }
    // Publish-to-last-receipt: per published event, from its publish call to the last socket having it.
    const lastReceipt = new Map<string, number>();
    for (const sub of subs)
      for (const r of sub.received) lastReceipt.set(key(r.event), Math.max(lastReceipt.get(key(r.event)) ?? 0, r.at));
    const spans = [...lastReceipt].map(([k, at]) => at - (sentAt.get(k) as number));
    figures.push(
      `subscribers: ${subs.length} sockets (${USERS} users x ${PER_USER}: 10 all-videos, 9 by own id, 1 by another's id) connected and acknowledged in ${ms(connected)}; per socket p50 ${ms(percentile(connectTimes, 50))}, p99 ${ms(percentile(connectTimes, 99))}`,
      `subscribers: ${publishes.length} publishes in ${ms(published)}, ${receivedCount()} deliveries (expected ${expectedCount}); publish-to-last-receipt p50 ${ms(percentile(spans, 50))}, p99 ${ms(percentile(spans, 99))}`,
    );
  });
});
