// A deleted video stops playing (issue 14, "deleted stays playable"), through the suite's local
// cloud: a DONE video is played through the playback distribution, whose cache then holds its
// playlists and segments (CloudFront keeps them 24 hours), the owner deletes it, and the same
// URLs answer what S3 answers for a missing key rather than the cached files, because deleteVideo
// invalidated the video's paths. Also: CreateInvalidation is the uploads role's alone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudFrontClient, CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { uploadAsUser } from '../support/faults';
import { graphql } from '../support/graphql-client';
import { makeClip, parsePlaylist } from '../support/media';
import { present } from '../support/present';
import { errorCode } from '../support/s3-requests';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(120_000);

const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id } }';
const DELETE = 'mutation D($id: ID!) { deleteVideo(id: $id) { id } }';
const GET = 'query G($id: ID!) { getVideo(id: $id) { status playlistUrl } }';

const endpoints = testEndpoints();
const dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-deleted-playback-'));
const clip = path.join(dir, 'short.mp4');
let owner: TestUser;

beforeAll(async () => {
  makeClip(clip, { width: 320, height: 240, seconds: 2, audio: true });
  owner = await createUser(endpoints, 'deleted-playback');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const asOwner = () => ({ mode: 'userPool' as const, token: owner.idToken });

function cloudFrontAs(keys: { accessKeyId: string; secretAccessKey: string }): CloudFrontClient {
  return new CloudFrontClient({ endpoint: endpoints.cloudfrontEndpoint, region: endpoints.region, credentials: keys });
}

/** Uploaded, registered and transcoded as the web app does it; returns its id and master playlist URL. */
async function doneVideo(title: string): Promise<{ id: string; playlistUrl: string }> {
  const id = await uploadAsUser(endpoints, owner, clip);
  const created = await graphql(endpoints, asOwner(), CREATE, { input: { id, title } });
  expect(created.errors).toBeUndefined();
  const playlistUrl = await eventually(
    async () => {
      const video = (await graphql(endpoints, asOwner(), GET, { id })).data?.getVideo as {
        status: string;
        playlistUrl: string | null;
      } | null;
      expect(video?.status).toBe('DONE');
      return video?.playlistUrl as string;
    },
    { what: `video ${id} to be DONE`, timeoutMs: 90_000, intervalMs: 250 },
  );
  return { id, playlistUrl };
}

/** What a player fetches: the master playlist, a media playlist and its first segment. */
async function play(playlistUrl: string): Promise<string[]> {
  const master = parsePlaylist(await (await fetch(playlistUrl)).text());
  const mediaUrl = new URL(present(master.playlists?.[0]?.uri, 'a media playlist'), playlistUrl).href;
  const media = parsePlaylist(await (await fetch(mediaUrl)).text());
  const segmentUrl = new URL(present(media.segments?.[0]?.uri, 'a segment'), mediaUrl).href;
  const segment = await fetch(segmentUrl);
  expect([segment.status, (await segment.arrayBuffer()).byteLength > 0]).toEqual([200, true]);
  return [playlistUrl, mediaUrl, segmentUrl];
}

/** Status, X-Cache and, for an S3 error document, its code. */
const fetched = async (url: string) => {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer()).toString('latin1');
  return [response.status, response.headers.get('x-cache'), response.status === 200 ? 'body' : errorCode(body)];
};

test('after deleteVideo, the playlists and segments a viewer played are no longer served from the cache', async () => {
  // Prepare: played once, so the distribution's cache holds each file.
  const { id, playlistUrl } = await doneVideo('Regretted');
  const played = await play(playlistUrl);
  for (const url of played) expect([url, await fetched(url)]).toEqual([url, [200, 'Hit from cloudfront', 'body']]);

  // Act
  const deleted = await graphql(endpoints, asOwner(), DELETE, { id });

  // Assess: S3's answer for a key that is not there (403: CloudFront may not list the bucket), from the origin.
  expect(deleted.errors).toBeUndefined();
  for (const url of played)
    expect([url, await fetched(url)]).toEqual([url, [403, 'Miss from cloudfront', 'AccessDenied']]);
});

test('CreateInvalidation is allowed to the uploads role on the playback distribution, and denied to the other Lambdas', async () => {
  // Prepare
  const batch = (reference: string) => ({
    DistributionId: endpoints.playbackDistributionId,
    InvalidationBatch: { CallerReference: reference, Paths: { Quantity: 1, Items: ['/no-such-video/*'] } },
  });
  const uploads = cloudFrontAs(present(endpoints.roles.uploads, "the uploads role's keys"));
  const jobEvents = cloudFrontAs(present(endpoints.roles['job-events'], "the job-events role's keys"));

  // Act
  const made = await uploads.send(new CreateInvalidationCommand(batch('iam-check-uploads')));
  const refused = jobEvents.send(new CreateInvalidationCommand(batch('iam-check-job-events')));

  // Assess
  expect(made.Invalidation).toMatchObject({
    Status: 'Completed',
    InvalidationBatch: { CallerReference: 'iam-check-uploads', Paths: { Quantity: 1, Items: ['/no-such-video/*'] } },
  });
  await expect(refused).rejects.toMatchObject({
    name: 'AccessDenied',
    message: expect.stringContaining(
      `is not authorized to perform: cloudfront:CreateInvalidation on resource: arn:aws:cloudfront::`,
    ),
  });
  // GetInvalidation is not the uploads role's either; the root pair reads the invalidation back.
  const root = cloudFrontAs({ accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey });
  const read = await root.send(
    new GetInvalidationCommand({ DistributionId: endpoints.playbackDistributionId, Id: made.Invalidation?.Id }),
  );
  expect(read.Invalidation?.Id).toBe(made.Invalidation?.Id);
  [uploads, jobEvents, root].forEach((client) => client.destroy());
});
