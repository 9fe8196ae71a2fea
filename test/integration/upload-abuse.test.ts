// Issue 14's attacks on the upload path, through the public APIs of the suite's local cloud (its
// limits the defaults): a used ticket POSTed again after the probe, and a tiny file that asks for
// hours of output. What the job transcodes must be what the probe saw, and a refused source gets
// no MediaConvert job at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { S3Client } from '@aws-sdk/client-s3';
import { acceptedKey } from '../../functions/lib/upload-keys';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { finalStatusEvent, jobsOfVideo, mediaConvertClient, s3Client, subscribeToVideo } from '../support/faults';
import { graphql } from '../support/graphql-client';
import { endlessTinyClip } from '../support/hostile-media';
import { makeClip } from '../support/media';
import type { RealtimeClient } from '../support/realtime-client';
import { postWithTicket, rawObjects, ticketFor, waitUntilAccepted } from '../support/upload-tickets';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(180_000);

const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id status } }';
const GET =
  'query G($id: ID!) { getVideo(id: $id) { id status width height failureReason renditions { width height } } }';

const endpoints = testEndpoints();
let dir: string;
let s3: S3Client;
let mediaconvert: MediaConvertClient;
const sockets: RealtimeClient[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-abuse-'));
  s3 = s3Client(endpoints);
  mediaconvert = mediaConvertClient(endpoints);
});
afterAll(() => {
  sockets.forEach((socket) => socket.close());
  s3.destroy();
  mediaconvert.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function watch(user: TestUser): Promise<RealtimeClient> {
  const socket = await subscribeToVideo(endpoints, user, undefined);
  sockets.push(socket);
  return socket;
}

async function register(user: TestUser, id: string, title: string): Promise<void> {
  const created = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, CREATE, { input: { id, title } });
  expect(created.errors).toBeUndefined();
}

async function getVideo(user: TestUser, id: string) {
  return (await graphql(endpoints, { mode: 'userPool', token: user.idToken }, GET, { id })).data!.getVideo;
}

describe('a used upload ticket', () => {
  test('POSTed again after the probe: the new file is deleted unread, and the job transcodes the probed 320x240 file', async () => {
    const user = await createUser(endpoints, 'swapper');
    const socket = await watch(user);
    const small = path.join(dir, 'small.mp4');
    const big = path.join(dir, 'big.mp4');
    makeClip(small, { width: 320, height: 240, seconds: 1 });
    makeClip(big, { width: 1280, height: 720, seconds: 2, audio: true });
    const ticket = await ticketFor(endpoints, user, readFileSync(big).length);
    const id = ticket.videoId;

    await postWithTicket(ticket, readFileSync(small));
    // Probed and accepted; the job waits for the registration, which gives the attacker all the time they want.
    await waitUntilAccepted(s3, endpoints, id);
    expect(await jobsOfVideo(mediaconvert, id)).toEqual([]);
    await postWithTicket(ticket, readFileSync(big));
    await eventually(
      async () => expect(await rawObjects(s3, endpoints, id)).toEqual({ atTicketKey: false, accepted: true }),
      { what: 'the second POST to be deleted unread', timeoutMs: 60_000, intervalMs: 100 },
    );

    await register(user, id, 'Swapped?');
    expect(await finalStatusEvent(socket, id)).toMatchObject({ status: 'DONE' });
    const video = await getVideo(user, id);
    expect(video).toMatchObject({ status: 'DONE', width: 320, height: 240 });
    expect(video.renditions).toEqual([{ width: 320, height: 240 }]);
    const jobs = await jobsOfVideo(mediaconvert, id);
    expect(jobs.map((job) => job.Settings?.Inputs?.[0]?.FileInput)).toEqual([
      `s3://${endpoints.rawBucket}/${acceptedKey(id)}`,
    ]);
    // A final state removes both raw objects.
    expect(await rawObjects(s3, endpoints, id)).toEqual({ atTicketKey: false, accepted: false });

    // The ticket lasts 15 minutes: a third POST after DONE changes nothing either.
    await postWithTicket(ticket, readFileSync(big));
    await eventually(
      async () => expect(await rawObjects(s3, endpoints, id)).toEqual({ atTicketKey: false, accepted: false }),
      { what: 'the POST after DONE to be deleted unread', timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(await jobsOfVideo(mediaconvert, id)).toHaveLength(1);
    expect(await getVideo(user, id)).toMatchObject({ status: 'DONE', width: 320, height: 240 });
  });
});

describe('runaway cost', () => {
  test('a 6-hour, 1 fps, 32x32 file (some 300 KB): FAILED at the probe with a sentence, and no MediaConvert job', async () => {
    const user = await createUser(endpoints, 'endless');
    const socket = await watch(user);
    const file = path.join(dir, 'endless.mp4');
    await endlessTinyClip(file);
    const ticket = await ticketFor(endpoints, user, readFileSync(file).length);
    await postWithTicket(ticket, readFileSync(file));
    await register(user, ticket.videoId, 'Endless');
    expect(await finalStatusEvent(socket, ticket.videoId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'The video is 6 h long; the longest accepted is 30 min.',
    });
    expect(await jobsOfVideo(mediaconvert, ticket.videoId)).toEqual([]);
    expect(await rawObjects(s3, endpoints, ticket.videoId)).toEqual({ atTicketKey: false, accepted: false });
  });
});
