// The input allow-lists (common/media-containers.ts) with both ffprobes the project runs: the Lambda
// layer's (process-upload) and Debian's (the local MediaConvert), on real files. A playlist uploaded
// as a video must be refused with a sentence, and must make no request and read no file: an address
// inside the network is a listener here, and a file of the machine is a real clip it would play.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ProbeError, UnsupportedInputError, runFfprobe } from '../../common/ffprobe';
import { PLAYLIST_REFUSAL, inputProtocols } from '../../common/media-containers';
import { probe } from '../../functions/lib/probe';
import { LAYER_DIR, LAYER_FFPROBE, buildFfprobeLayer } from '../../scripts/layer/build-ffprobe';
import { OGG_CLIP, TS_CLIP, makeContainerClip } from '../support/containers';
import { png } from '../support/hostile-media';
import { ffconcatList, hlsPlaylist, startListener } from '../support/playlists';
import type { Listener } from '../support/playlists';

const run = promisify(execFile);

let dir: string;
/** Stands for an address inside the network: nothing may ever reach it. */
let inside: Listener;
/** Serves the uploads over HTTP as S3 serves a presigned GET, and records what is asked of it. */
let s3: Listener;
/** A real clip on this machine: a followed file:/// segment would make it the upload's video. */
let secretClip: string;

beforeAll(async () => {
  await buildFfprobeLayer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-allow-lists-'));
  secretClip = await makeContainerClip(dir, { ...TS_CLIP, file: 'secret.ts' });
  await makeContainerClip(dir, OGG_CLIP);
  await png(path.join(dir, 'picture'));
  inside = await startListener();
  s3 = await startListener(dir);
  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
  write('http-segments', hlsPlaylist([`${inside.url}/internal/a.ts`, `${inside.url}/internal/b.ts`]));
  write('file-segments', hlsPlaylist([`file://${secretClip}`]));
  write('relative-segments', hlsPlaylist(['secret.ts']));
  write('ffconcat-relative', ffconcatList(['secret.ts']));
  write('ffconcat-http', ffconcatList([`${inside.url}/internal/c.ts`]));
}, 300_000);

afterAll(async () => {
  await inside?.close();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  // Whatever a test tried, the inside address was never reached, nor the clip fetched as a segment.
  const reached = inside.requests.splice(0);
  const fetchedClip = s3.requests.splice(0).filter((request) => request.includes('secret.ts'));
  expect({ reached, fetchedClip }).toEqual({ reached: [], fetchedClip: [] });
});

const FFPROBES: Array<[string, () => string]> = [
  ["the Lambda layer's ffprobe", () => path.join(LAYER_DIR, LAYER_FFPROBE)],
  ["Debian's ffprobe (the local MediaConvert's)", () => 'ffprobe'],
];

describe.each(FFPROBES)('%s', (_, ffprobePath) => {
  const refusal = (input: string) => probe(input, { ffprobePath: ffprobePath() });

  test.each(['http-segments', 'relative-segments', 'ffconcat-relative', 'ffconcat-http'])(
    'a playlist (%s) served as a presigned GET is refused as a playlist, and nothing it names is fetched',
    async (name) => {
      const failure = refusal(`${s3.url}/${name}?X-Amz-Signature=abc`);
      await expect(failure).rejects.toThrow(new UnsupportedInputError(PLAYLIST_REFUSAL, 'playlist'));
      await expect(failure).rejects.toBeInstanceOf(UnsupportedInputError);
    },
  );

  test.each(['file-segments', 'relative-segments', 'ffconcat-relative', 'ffconcat-http'])(
    'a playlist (%s) read as a downloaded file is refused as a playlist: the clip it names is not read',
    async (name) => {
      await expect(refusal(path.join(dir, name))).rejects.toThrow(PLAYLIST_REFUSAL);
    },
  );

  test('an Ogg video and a PNG are refused by what they are, with what to upload instead', async () => {
    await expect(refusal(path.join(dir, OGG_CLIP.file))).rejects.toThrow(
      "The file's format (ogg) cannot be converted: upload a video in MP4, MOV, 3GP, MKV, WebM, AVI, WMV, FLV, MPEG, MPEG-TS or GIF.",
    );
    await expect(refusal(`${s3.url}/picture?X-Amz-Signature=abc`)).rejects.toThrow(
      'The file is a still picture, not a video: upload a video, not an image.',
    );
  });

  test('the clip itself, named directly, is read: the refusals above are about the playlists', async () => {
    await expect(runFfprobe(secretClip, { ffprobePath: ffprobePath() })).resolves.toMatchObject({
      format: { format_name: 'mpegts' },
    });
  });
});

// The protocol list holds on its own: with a playlist demuxer let through on purpose, a nested open
// by any protocol but the input's own is refused. Only Debian's ffprobe has the hls demuxer.
describe('the protocol allow-list on the outer input applies to every nested open', () => {
  async function ffprobeLettingHlsThrough(input: string): Promise<string> {
    const args = [
      '-v',
      'error',
      '-protocol_whitelist',
      inputProtocols(input).join(','),
      '-format_whitelist',
      'hls,mpegts',
    ];
    try {
      await run('ffprobe', [...args, '-show_format', input]);
      return 'read';
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
  }

  test('a downloaded playlist (file) cannot open http:// segments', async () => {
    expect(await ffprobeLettingHlsThrough(path.join(dir, 'http-segments'))).toMatch(
      /Protocol 'http' not on whitelist 'file'/,
    );
  });

  test('a playlist over http cannot open file:/// segments', async () => {
    expect(await ffprobeLettingHlsThrough(`${s3.url}/file-segments`)).toMatch(
      /Protocol 'file' not on whitelist 'http,tcp'/,
    );
  });
});

test('a ProbeError that is not about the container stays a plain ProbeError', async () => {
  writeFileSync(path.join(dir, 'notes'), 'meeting notes, not a video\n'.repeat(100));
  const failure = probe(path.join(dir, 'notes'), { ffprobePath: path.join(LAYER_DIR, LAYER_FFPROBE) });
  await expect(failure).rejects.toThrow(new ProbeError('The file is not a video that can be read, or it is damaged.'));
  await expect(failure).rejects.not.toBeInstanceOf(UnsupportedInputError);
});
