// Hostile and odd inputs (issue 7, first section; playlists and containers, issue 14), each through the whole pipeline on the suite's
// local cloud exactly as pipeline.test.ts runs it: a real user of the local Cognito, the upload
// ticket from createUploadUrl, the file POSTed as a browser does, createVideo, the subscription for
// the final state and getVideo for the renditions. Every input is made here with ffmpeg (or by
// hand), and each must end DONE with the right ladder (functions/lib/ladder.ts: the rungs of
// 1080/720/480/360/240 not above the short side; below 240 one rung at the source's even size) or
// FAILED with a sentence a person understands, within DEADLINE_MS of its upload.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PLAYLIST_REFUSAL } from '../../common/media-containers';
import { CONTAINER_CLIPS, OGG_CLIP, TS_CLIP, makeContainerClip } from '../support/containers';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import {
  audioOnly,
  cutHead,
  cutTail,
  eightK,
  ffprobeUrl,
  halfWhite,
  hevc10,
  oddSizeWebm,
  plainMp4,
  png,
  rotated,
  sparseKeyframes,
  topBottomLuma,
  twoAudioTracks,
  variableFrameRate,
} from '../support/hostile-media';
import { parsePlaylist } from '../support/media';
import { ffconcatList, hlsPlaylist, startListener } from '../support/playlists';
import { RealtimeClient } from '../support/realtime-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(180_000);

/** From the POST's start to the final state on the subscription. */
const DEADLINE_MS = 60_000;
/** Uploads in flight at once: the local MediaConvert runs 2 transcodes at a time on 2 cores. */
const AT_ONCE = 4;

const TICKET =
  'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields maxBytes } }';
const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id title description status } }';
const GET =
  'query G($id: ID!) { getVideo(id: $id) { id title description status progress durationSeconds width height playlistUrl thumbnailUrl failureReason renditions { width height bandwidth codecs playlistPath } } }';
const MINE = 'query M { listMyVideos(limit: 100) { items { id status } } }';
const SUBSCRIPTION = 'subscription S { onVideoStatusChanged { id status progress failureReason playlistUrl } }';

const UNREADABLE = 'The file is not a video that can be read, or it is damaged.';
const AVC = /^avc1\.[0-9a-f]{6}$/;
const AVC_AAC = /^avc1\.[0-9a-f]{6},mp4a\.40\.2$/;

const endpoints = testEndpoints();
const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
const host = new URL(endpoints.graphqlUrl).host;
let dir: string;
let user: TestUser;
let socket: RealtimeClient;
let s3: S3Client;

/** A tiny p-limit: at most `size` of the wrapped calls run at once. */
function limiter(size: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= size) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      queue.shift()?.();
    }
  };
}
const limit = limiter(AT_ONCE);

async function ticket(contentType: string, size: number) {
  return graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, { input: { contentType, size } });
}

/** What a browser does: a ticket for the file's size and type, then the file POSTed with the ticket's fields. */
async function post(
  body: Buffer,
  contentType: string,
  name: string,
  claimedSize = body.length,
): Promise<{ videoId: string; response: Response }> {
  const issued = await ticket(contentType, claimedSize);
  expect(issued.errors).toBeUndefined();
  const { videoId, url, fields } = issued.data!.createUploadUrl as { videoId: string; url: string; fields: string };
  const form = new FormData();
  for (const [field, value] of Object.entries(JSON.parse(fields) as Record<string, string>)) form.append(field, value);
  form.append('file', new Blob([body], { type: contentType }), name);
  return { videoId, response: await fetch(url, { method: 'POST', body: form }) };
}

async function register(id: string, title: string, description?: string) {
  return graphql(endpoints, { mode: 'userPool', token: user.idToken }, CREATE, {
    input: { id, title, ...(description === undefined ? {} : { description }) },
  });
}

async function getVideo(id: string) {
  const result = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, GET, { id });
  expect(result.errors).toBeUndefined();
  return result.data!.getVideo;
}

/**
 * The final state from the subscription, within the deadline. A video still PROCESSING when the
 * deadline passes fails the test with what getVideo says, so a stuck input reads as stuck.
 */
async function finalState(
  id: string,
  startedAt: number,
): Promise<{ status: string; failureReason: string | null; elapsedMs: number }> {
  const left = Math.max(1000, DEADLINE_MS - (Date.now() - startedAt));
  try {
    const message = await socket.waitFor(
      (m) =>
        m.type === 'data' &&
        m.payload?.data?.onVideoStatusChanged?.id === id &&
        m.payload.data.onVideoStatusChanged.status !== 'PROCESSING',
      left,
    );
    return { ...message.payload.data.onVideoStatusChanged, elapsedMs: Date.now() - startedAt };
  } catch {
    const video = await getVideo(id);
    throw new Error(
      `video ${id} did not end within ${DEADLINE_MS / 1000} s of its upload: getVideo says ${JSON.stringify({ status: video?.status, progress: video?.progress, failureReason: video?.failureReason })}`,
    );
  }
}

interface Upload {
  id: string;
  startedAt: number;
}

/** Uploads a file as `contentType` and registers it, as the web client does. */
async function uploadAndRegister(file: string, contentType: string, title: string): Promise<Upload> {
  const startedAt = Date.now();
  const { videoId, response } = await post(readFileSync(file), contentType, path.basename(file));
  expect(response.status).toBe(204);
  const created = await register(videoId, title);
  expect(created.errors).toBeUndefined();
  return { id: videoId, startedAt };
}

/** What the pipeline published for a video: every playback key under its id. */
async function publishedKeys(id: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: endpoints.playbackBucket, Prefix: `${id}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

async function rawUploadExists(id: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: id }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

/** FAILED with exactly this reason, live and stored, within the deadline; the raw upload deleted. */
async function expectFailed(upload: Upload, reason: string): Promise<void> {
  const final = await finalState(upload.id, upload.startedAt);
  expect(final).toMatchObject({ status: 'FAILED', failureReason: reason });
  expect(final.elapsedMs).toBeLessThanOrEqual(DEADLINE_MS);
  expect(await getVideo(upload.id)).toMatchObject({ status: 'FAILED', failureReason: reason, renditions: null });
  expect(await rawUploadExists(upload.id)).toBe(false);
}

interface DoneExpectation {
  /** The renditions' sizes, top first, as WxH. */
  ladder: string[];
  audio: boolean;
  /** Expected length, checked to within 0.25 s. */
  seconds?: number;
}

/**
 * DONE within the deadline with exactly this ladder: the API's renditions, and what is really in
 * the top rung's first segment (H.264, that size, AAC when the source has sound), read by ffprobe
 * from the public playback URL, so a label cannot hide a wrong picture.
 */
async function expectDone(upload: Upload, expected: DoneExpectation) {
  const final = await finalState(upload.id, upload.startedAt);
  expect(final).toMatchObject({ status: 'DONE', failureReason: null });
  expect(final.elapsedMs).toBeLessThanOrEqual(DEADLINE_MS);
  const video = await getVideo(upload.id);
  const [topRung] = expected.ladder;
  if (!topRung) throw new Error('A DONE expectation names its ladder, top rung first: this one is empty.');
  const [topWidth, topHeight] = topRung.split('x').map(Number);
  expect(video).toMatchObject({
    status: 'DONE',
    progress: 100,
    width: topWidth,
    height: topHeight,
    failureReason: null,
  });
  expect(
    video.renditions.map((rendition: { width: number; height: number }) => `${rendition.width}x${rendition.height}`),
  ).toEqual(expected.ladder);
  for (const rendition of video.renditions) expect(rendition.codecs).toMatch(expected.audio ? AVC_AAC : AVC);
  if (expected.seconds !== undefined)
    expect(Math.abs(video.durationSeconds - expected.seconds)).toBeLessThanOrEqual(0.25);

  const variantUrl = new URL(`${endpoints.playbackBaseUrl}/${video.renditions[0].playlistPath}`);
  const media = parsePlaylist(await (await fetch(variantUrl)).text());
  expect(media.endList).toBe(true);
  const [segment] = media.segments ?? [];
  if (!segment) throw new Error(`The variant playlist ${variantUrl.href} lists no segment.`);
  const firstSegment = new URL(segment.uri, variantUrl).toString();
  const probed = await ffprobeUrl(firstSegment);
  const picture = probed.streams.filter((stream) => stream.codec_type === 'video');
  expect(picture.map((stream) => `${stream.codec_name} ${stream.width}x${stream.height}`)).toEqual([
    `h264 ${topWidth}x${topHeight}`,
  ]);
  expect(probed.streams.filter((stream) => stream.codec_type === 'audio').map((stream) => stream.codec_name)).toEqual(
    expected.audio ? ['aac'] : [],
  );
  const thumbnail = await fetch(video.thumbnailUrl);
  expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
  await thumbnail.arrayBuffer();
  expect(await rawUploadExists(upload.id)).toBe(false);
  return video;
}

const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-hostile-'));
  user = await createUser(endpoints, 'hostile');
  s3 = new S3Client({ endpoint: endpoints.s3Endpoint, region: endpoints.region, forcePathStyle: true, credentials });
  socket = await RealtimeClient.connect(endpoints, { Authorization: user.idToken });
  await socket.waitFor((message) => message.type === 'connection_ack');
  socket.subscribe('mine', SUBSCRIPTION, {}, { Authorization: user.idToken }, host);
  await socket.waitFor((message) => message.type === 'start_ack');
});
afterAll(() => {
  socket?.close();
  s3?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

// Concurrent: each input is its own test, AT_ONCE of them in flight; the root beforeAll runs first.
describe('hostile and odd inputs', () => {
  test.concurrent('a zero-byte file: refused at the ticket with a sentence, and S3 takes no empty POST', () =>
    limit(async () => {
      const refused = await ticket('video/mp4', 0);
      expect(refused.errors?.[0]).toMatchObject({
        errorType: 'ValidationError',
        message: 'The file is empty or its size is not a whole number of bytes.',
      });
      // A client that lies about the size gets a ticket, but the policy's content-length-range
      // (1 byte and up) stops the empty body at S3: nothing stored, nothing processed, nothing listed.
      const { videoId, response } = await post(Buffer.alloc(0), 'video/mp4', 'empty.mp4', 1);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('<Code>EntityTooSmall</Code>');
      expect(await rawUploadExists(videoId)).toBe(false);
      const mine = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, MINE, {});
      expect(mine.data!.listMyVideos.items.map((item: { id: string }) => item.id)).not.toContain(videoId);
    }),
  );

  test.concurrent('a truncated MP4, its moov atom (written last) cut off with the tail: FAILED, unreadable', () =>
    limit(async () => {
      await plainMp4(file('whole.mp4'), { audio: true, faststart: false });
      cutTail(file('whole.mp4'), file('tail-cut.mp4'), 0.6);
      await expectFailed(await uploadAndRegister(file('tail-cut.mp4'), 'video/mp4', 'Tail cut'), UNREADABLE);
    }),
  );

  test.concurrent(
    'a truncated MP4, its moov atom (written first, +faststart) cut off with the head: FAILED, unreadable',
    () =>
      limit(async () => {
        await plainMp4(file('faststart.mp4'), { audio: true, faststart: true });
        cutHead(file('faststart.mp4'), file('head-cut.mp4'), 0.3);
        await expectFailed(await uploadAndRegister(file('head-cut.mp4'), 'video/mp4', 'Head cut'), UNREADABLE);
      }),
  );

  // Only the media is cut here: the index (moov, first) still promises 2 s, ffprobe believes it, and
  // ffmpeg decodes what is there and stops at the end of the file without an error. The video ends
  // DONE with the part that exists, and its length is the measured one, not the index's 2 s.
  test.concurrent(
    'a truncated MP4 whose index survives (+faststart, the last half cut off): DONE with the part that is there, its real length',
    () =>
      limit(async () => {
        await plainMp4(file('faststart-whole.mp4'), { audio: true, faststart: true, seconds: 2 });
        cutTail(file('faststart-whole.mp4'), file('media-cut.mp4'), 0.5);
        const video = await expectDone(await uploadAndRegister(file('media-cut.mp4'), 'video/mp4', 'Media cut'), {
          ladder: ['320x240'],
          audio: true,
        });
        expect(video.durationSeconds).toBeGreaterThan(0.4);
        expect(video.durationSeconds).toBeLessThan(1.6);
      }),
  );

  test.concurrent('a text file named .mp4: FAILED, unreadable', () =>
    limit(async () => {
      writeFileSync(file('notes.mp4'), 'meeting notes, not a video\n'.repeat(200));
      await expectFailed(await uploadAndRegister(file('notes.mp4'), 'video/mp4', 'Notes'), UNREADABLE);
    }),
  );

  test.concurrent('audio only: FAILED, sound but no picture', () =>
    limit(async () => {
      await audioOnly(file('audio.mp4'));
      await expectFailed(
        await uploadAndRegister(file('audio.mp4'), 'video/mp4', 'Only sound'),
        'The file has sound but no picture: upload a video, not an audio file.',
      );
    }),
  );

  test.concurrent('a PNG: refused at the ticket as image/png; sent as video/mp4, FAILED as a still picture', () =>
    limit(async () => {
      const refused = await ticket('image/png', 1000);
      expect(refused.errors?.[0]).toMatchObject({
        errorType: 'ValidationError',
        message: 'Only video files can be uploaded; "image/png" is not a video type.',
      });
      await png(file('picture.png'));
      await expectFailed(
        await uploadAndRegister(file('picture.png'), 'video/mp4', 'A picture'),
        'The file is a still picture, not a video: upload a video, not an image.',
      );
    }),
  );

  test.concurrent('7680x4320: FAILED, above the largest size accepted, with both sizes', () =>
    limit(async () => {
      await eightK(file('8k.mp4'));
      await expectFailed(
        await uploadAndRegister(file('8k.mp4'), 'video/mp4', '8K'),
        'The video is 7680x4320; the largest size accepted is 4096 pixels on its long side.',
      );
    }),
  );

  test.concurrent('853x479 (VP9 in WebM; H.264 4:2:0 cannot be odd): DONE, 360 and 240 rungs at even sizes', () =>
    limit(async () => {
      await oddSizeWebm(file('odd.webm'), 853, 479);
      // 853 * 360 / 479 = 641.1 -> 642; 853 * 240 / 479 = 427.4 -> 428.
      await expectDone(await uploadAndRegister(file('odd.webm'), 'video/webm', 'Odd'), {
        ladder: ['642x360', '428x240'],
        audio: false,
        seconds: 1,
      });
    }),
  );

  test.concurrent('1x1: FAILED, below the smallest size accepted', () =>
    limit(async () => {
      await oddSizeWebm(file('one.webm'), 1, 1);
      await expectFailed(
        await uploadAndRegister(file('one.webm'), 'video/webm', 'A dot'),
        'The video is 1x1; the smallest size accepted is 32 pixels on each side.',
      );
    }),
  );

  // The display matrix turns a 640x360 frame into a 360x640 picture; the rungs are portrait and the
  // picture in them is turned the way ffmpeg (and so every player) shows the source: the sizes alone
  // would not tell a turned picture from a squeezed, padded one.
  for (const degrees of [90, 270]) {
    test.concurrent(
      `rotation ${degrees} (display matrix on 640x360): DONE portrait, 360x640 and 240x426, the picture turned as players turn it`,
      () =>
        limit(async () => {
          await halfWhite(file(`landscape-${degrees}.mp4`));
          await rotated(file(`landscape-${degrees}.mp4`), file(`rotated-${degrees}.mp4`), degrees);
          const video = await expectDone(
            await uploadAndRegister(file(`rotated-${degrees}.mp4`), 'video/mp4', `Turned ${degrees}`),
            { ladder: ['360x640', '240x426'], audio: true, seconds: 1 },
          );
          const [sourceTop, sourceBottom] = await topBottomLuma(file(`rotated-${degrees}.mp4`));
          expect(Math.abs(sourceTop - sourceBottom)).toBeGreaterThan(200);
          for (const rendition of video.renditions) {
            const [top, bottom] = await topBottomLuma(`${endpoints.playbackBaseUrl}/${rendition.playlistPath}`);
            expect(Math.abs(top - sourceTop)).toBeLessThan(40);
            expect(Math.abs(bottom - sourceBottom)).toBeLessThan(40);
          }
        }),
    );
  }

  test.concurrent('variable frame rate (1 s at 25 fps, 1 s at 10 fps): DONE, one 320x240 rung, the whole 2 s', () =>
    limit(async () => {
      await variableFrameRate(file('vfr.mp4'));
      await expectDone(await uploadAndRegister(file('vfr.mp4'), 'video/mp4', 'Variable'), {
        ladder: ['320x240'],
        audio: false,
        seconds: 2,
      });
    }),
  );

  test.concurrent('HEVC Main 10 (yuv420p10le, hvc1): DONE as 8-bit H.264, 640x360 and 426x240', () =>
    limit(async () => {
      await hevc10(file('hevc10.mp4'));
      await expectDone(await uploadAndRegister(file('hevc10.mp4'), 'video/mp4', 'HEVC'), {
        ladder: ['640x360', '426x240'],
        audio: false,
        seconds: 1,
      });
    }),
  );

  test.concurrent('0.5 s long: DONE, 640x360 and 426x240, half a second', () =>
    limit(async () => {
      await plainMp4(file('short.mp4'), { size: '640x360', seconds: 0.5, audio: true });
      await expectDone(await uploadAndRegister(file('short.mp4'), 'video/mp4', 'Blink'), {
        ladder: ['640x360', '426x240'],
        audio: true,
        seconds: 0.5,
      });
    }),
  );

  test.concurrent('no keyframe for 10 s (12 s, one keyframe): DONE, one 320x240 rung, keyframes every 2 s again', () =>
    limit(async () => {
      await sparseKeyframes(file('sparse.mp4'));
      const video = await expectDone(await uploadAndRegister(file('sparse.mp4'), 'video/mp4', 'Sparse'), {
        ladder: ['320x240'],
        audio: false,
        seconds: 12,
      });
      // The output's GOPs are the pipeline's (2 s), whatever the source's were: every segment seekable.
      const variantUrl = new URL(`${endpoints.playbackBaseUrl}/${video.renditions[0].playlistPath}`).toString();
      const probed = await ffprobeUrl(variantUrl, [
        '-select_streams',
        'v:0',
        '-skip_frame',
        'nokey',
        '-show_entries',
        'frame=pts_time',
      ]);
      const keyframes = (probed.frames ?? []).map((frame) => Math.round(Number(frame.pts_time)));
      // No keyframes at all leaves an empty list, which the expectation refuses.
      const [start = 0] = keyframes;
      expect(keyframes.map((time) => time - start)).toEqual([0, 2, 4, 6, 8, 10]);
    }),
  );

  test.concurrent('two audio tracks: DONE, one 320x240 rung with one AAC track (the first)', () =>
    limit(async () => {
      await twoAudioTracks(file('two-tracks.mp4'));
      await expectDone(await uploadAndRegister(file('two-tracks.mp4'), 'video/mp4', 'Two tracks'), {
        ladder: ['320x240'],
        audio: true,
        seconds: 1,
      });
    }),
  );

  test.concurrent(
    'a title of 10,000 characters: ValidationError with the limit and the length; the video registers with a shorter one and ends DONE',
    () =>
      limit(async () => {
        await plainMp4(file('long-title.mp4'), { seconds: 1 });
        const startedAt = Date.now();
        const { videoId, response } = await post(readFileSync(file('long-title.mp4')), 'video/mp4', 'long-title.mp4');
        expect(response.status).toBe(204);
        const long = 'A'.repeat(10_000);
        const refused = await register(videoId, long);
        // resolvers/lib/validation.ts: at most TITLE_MAX_LENGTH (200) characters, said with the length.
        expect(refused.errors?.[0]).toMatchObject({
          errorType: 'ValidationError',
          message: 'Title must be at most 200 characters; it has 10000.',
        });
        expect(refused.data?.createVideo ?? null).toBeNull();
        // Nothing was written by the refusal: the same id registers with a title that fits.
        const created = await register(videoId, long.slice(0, 200));
        expect(created.errors).toBeUndefined();
        const video = await expectDone({ id: videoId, startedAt }, { ladder: ['320x240'], audio: false, seconds: 1 });
        expect(video.title).toBe(long.slice(0, 200));
      }),
  );

  test.concurrent(
    'a description with control characters: ValidationError; with emoji, tabs and line breaks: kept exactly',
    () =>
      limit(async () => {
        await plainMp4(file('description.mp4'), { seconds: 1 });
        const startedAt = Date.now();
        const { videoId, response } = await post(readFileSync(file('description.mp4')), 'video/mp4', 'description.mp4');
        expect(response.status).toBe(204);
        const controlMessage = 'Description must not contain control characters other than tabs and line breaks.';
        for (const hostile of [
          'bell \u0007 here',
          'escape \u001b[31mred\u001b[0m',
          'nul \u0000 byte',
          'delete \u007f',
        ]) {
          const refused = await register(videoId, 'Controls', hostile);
          expect(refused.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: controlMessage });
        }
        // Emoji (astral, ZWJ sequences, flags, skin tones), tabs and line breaks are text: accepted and
        // returned exactly (trimmed at the ends, as validateDescription promises).
        const description = 'Harbour 🌅 at dawn\twith 👩‍👩‍👧‍👦 and 🇳🇴\r\nline two 👍🏽 — ünïcödé\nline three ✔︎';
        const created = await register(videoId, 'Emoji 🎬', `  ${description}\n`);
        expect(created.errors).toBeUndefined();
        expect(created.data!.createVideo).toMatchObject({ title: 'Emoji 🎬', description });
        const video = await expectDone({ id: videoId, startedAt }, { ladder: ['320x240'], audio: false, seconds: 1 });
        expect(video).toMatchObject({ title: 'Emoji 🎬', description });
      }),
  );
});

// Issue 14: a text playlist uploaded as a video names other files and addresses. The input
// allow-lists (common/media-containers.ts) hold the probe and the local MediaConvert to the upload
// itself: refused with a sentence, nothing it names fetched, read or published.
describe('playlists and containers', () => {
  test.concurrent(
    'an HLS playlist naming http:// segments inside the network: FAILED as a playlist, and no request reached them',
    () =>
      limit(async () => {
        const inside = await startListener();
        try {
          writeFileSync(
            file('ssrf.m3u8'),
            hlsPlaylist([`${inside.url}/latest/meta-data/0.ts`, `${inside.url}/admin/1.ts`]),
          );
          await expectFailed(await uploadAndRegister(file('ssrf.m3u8'), 'video/mp4', 'Inside'), PLAYLIST_REFUSAL);
          expect(inside.requests).toEqual([]);
        } finally {
          await inside.close();
        }
      }),
  );

  test.concurrent(
    'an HLS playlist naming a file of this machine (file:///): FAILED as a playlist, nothing published',
    () =>
      limit(async () => {
        // A real video: followed, it would have become this upload's public video.
        const secret = await makeContainerClip(dir, { ...TS_CLIP, file: 'machine-secret.ts' }, 1);
        writeFileSync(file('local-file.m3u8'), hlsPlaylist([`file://${secret}`]));
        const upload = await uploadAndRegister(file('local-file.m3u8'), 'video/mp4', 'Local file');
        await expectFailed(upload, PLAYLIST_REFUSAL);
        expect(await publishedKeys(upload.id)).toEqual([]);
      }),
  );

  test.concurrent('an ffconcat list naming files beside it: FAILED as a playlist, nothing published', () =>
    limit(async () => {
      writeFileSync(file('list.ffconcat'), ffconcatList(['input.ts', '../input/clip.ts']));
      const upload = await uploadAndRegister(file('list.ffconcat'), 'video/mp4', 'Concat');
      await expectFailed(upload, PLAYLIST_REFUSAL);
      expect(await publishedKeys(upload.id)).toEqual([]);
    }),
  );

  test.concurrent('Theora in Ogg, which MediaConvert does not take as video: FAILED, its format named', () =>
    limit(async () => {
      const ogv = await makeContainerClip(dir, OGG_CLIP, 1);
      await expectFailed(
        await uploadAndRegister(ogv, 'video/ogg', 'Ogg'),
        "The file's format (ogg) cannot be converted: upload a video in MP4, MOV, 3GP, MKV, WebM, AVI, WMV, FLV, MPEG, MPEG-TS or GIF.",
      );
    }),
  );

  test.concurrent.each(CONTAINER_CLIPS)('$name ($file): DONE, one 320x240 rung', (clip) =>
    limit(async () => {
      const made = await makeContainerClip(dir, clip, 1);
      await expectDone(await uploadAndRegister(made, 'video/mp4', clip.name), {
        ladder: ['320x240'],
        audio: clip.audio,
      });
    }),
  );
});
