// `npm run demo` as a person runs it: the CLI in its own process against the suite's local cloud
// (output not a TTY, so progress comes as lines), and its refusals as single sentences.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInDemoUser } from '../../scripts/lib/demo-user';
import { CliError } from '../../scripts/lib/cli-error';
import { RESUME_NOTES_DIR } from '../../scripts/lib/resume-notes';
import { testEndpoints } from '../support/endpoints';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { eventually } from '../support/eventually';
import { graphql } from '../support/graphql-client';
import { makeClip, parsePlaylist } from '../support/media';
import { ABORT, FIND } from '../support/multipart-uploads';
import { newTestPassword } from '../support/users';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '..', '..');
const endpoints = testEndpoints();
const dataDir = process.env.VIDEOPIPE_TEST_DATA_DIR as string;
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunningDemo {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<Run>;
}

function startDemo(args: string[]): RunningDemo {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INIT_CWD: repoRoot },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stderr: () => stderr, done };
}

const runDemo = (args: string[]): Promise<Run> => startDemo(args).done;

const account = () => ['--email', `demo-${randomUUID().slice(0, 8)}@videopipe.local`, '--password', newTestPassword()];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-demo-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  test('a 2 s clip: signs up, uploads, follows to DONE, prints a playlist that serves an HLS master playlist', async () => {
    const file = path.join(dir, 'harbour.mp4');
    makeClip(file, { width: 640, height: 360, seconds: 2, audio: true });

    const run = await runDemo([file, '--data-dir', dataDir, '--title', 'Harbour', ...account()]);

    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining('Signed up and signed in'),
    });
    expect(run.stderr).toMatch(/^upload .* 100% /m);
    expect(run.stderr).toMatch(/^transcode .* 100% .*\(DONE\)$/m);
    expect(run.stdout).toMatch(/^DONE: "Harbour" \(2\.0 s, 640x360\)/m);
    const playlistUrl = /^Master playlist: (\S+)$/m.exec(run.stdout)?.[1] as string;
    expect(playlistUrl).toMatch(new RegExp(`^${endpoints.playbackBaseUrl}/[0-9A-Z]{26}/hls/index\\.m3u8$`));
    expect(run.stdout).toMatch(/^ {2}640x360 +\d+ kbps {2}avc1\.[0-9a-f]{6},mp4a\.40\.2$/m);
    expect(run.stdout).toMatch(/^ {2}426x240 /m);
    expect(run.stdout).toContain(`Play it: ffplay '${playlistUrl}'`);
    const videoId = /^DONE: .*, id ([0-9A-Z]{26}),/m.exec(run.stdout)?.[1] as string;
    expect(run.stdout).toContain(`Master playlist: ${playlistUrl}\nWatch it: ${endpoints.webUrl}/watch/${videoId}\n`);

    const response = await fetch(playlistUrl);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith('#EXTM3U')).toBe(true);
    const master = parsePlaylist(text);
    expect(master.playlists?.map((variant) => variant.attributes.RESOLUTION)).toEqual([
      { width: 640, height: 360 },
      { width: 426, height: 240 },
    ]);
  });

  test('a missing file: non-zero exit, one clear sentence, no stack trace', async () => {
    const missing = path.join(dir, 'nowhere.mp4');

    const run = await runDemo([missing, '--data-dir', dataDir]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`There is no file at ${missing}.`);
    expect(run.stdout).toBe('');
  });

  test('no local cloud in the data dir: says to run npm start, no stack trace', async () => {
    const file = path.join(dir, 'tiny.mp4');
    makeClip(file, { width: 160, height: 90, seconds: 1 });
    const empty = mkdtempSync(path.join(dir, 'empty-'));

    const run = await runDemo([file, '--data-dir', empty]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^No local cloud found .*: run `npm start` first/),
    ]);
  });
});

describe('the demo user on a pool that does not auto-confirm', () => {
  let cloud: LocalCloudProcess;
  beforeAll(async () => {
    cloud = await startLocalCloudProcess();
  });
  afterAll(async () => {
    await cloud.stop();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  test('signed up and confirmed with AdminConfirmSignUp (no emailed code), then signed in again; a wrong password is one sentence', async () => {
    const email = `demo-${randomUUID().slice(0, 8)}@videopipe.local`;

    const first = await signInDemoUser(cloud.endpoints, email, 'Demo-videopipe-1');
    const again = await signInDemoUser(cloud.endpoints, email, 'Demo-videopipe-1');

    expect(cloud.output()).toContain(`confirmation code for ${email}`);
    expect([first.created, again.created, again.sub]).toEqual([true, false, first.sub]);
    await expect(signInDemoUser(cloud.endpoints, email, 'Other-password-2')).rejects.toThrow(
      new CliError(`${email} exists with another password: pass it with --password, or use another --email.`),
    );
  });
});

describe('a file over the POST limit: multipart, interrupted, resumed', () => {
  let cloud: LocalCloudProcess;
  let clip: string;
  // A POST limit of 5 MB, so that a 4 s clip of ~17.5 MB goes in three parts (8 MiB, 8 MiB, the rest).
  beforeAll(async () => {
    cloud = await startLocalCloudProcess({
      args: ['--auto-confirm'],
      env: { VIDEOPIPE_MAX_UPLOAD_BYTES: '5000000' },
      timeoutMs: 120_000,
    });
    clip = path.join(dir, 'parts.mp4');
    makeClip(clip, { width: 640, height: 360, seconds: 4, bitrate: '36M' });
  }, 180_000);
  afterAll(async () => {
    await cloud?.stop();
    if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  /** Starts the demo slowed by --bwlimit and stops it with SIGINT (Ctrl-C) once S3 holds a part. */
  async function interruptAfterOnePart(args: string[]): Promise<{ run: Run; videoId: string; partsUp: number }> {
    const running = startDemo([...args, '--bwlimit', '1M']);
    const videoId = await eventually(
      () => {
        const match = /as video ([0-9A-Z]{26}) in 3 parts/.exec(running.stderr());
        if (!match?.[1]) throw new Error(`no upload yet; the demo said:\n${running.stderr()}`);
        return match[1];
      },
      { what: 'the multipart upload to begin', timeoutMs: 60_000, intervalMs: 200 },
    );
    const email = args[args.indexOf('--email') + 1] as string;
    const password = args[args.indexOf('--password') + 1] as string;
    const user = await signInDemoUser(cloud.endpoints, email, password);
    const auth = { mode: 'userPool', token: user.idToken } as const;
    const partsUp = await eventually(
      async () => {
        const upload = (await graphql(cloud.endpoints, auth, FIND, { videoId })).data?.multipartUpload as
          { uploadedParts: unknown[] } | undefined;
        expect(upload?.uploadedParts.length).toBeGreaterThanOrEqual(1);
        return upload?.uploadedParts.length ?? 0;
      },
      { what: 'S3 to hold a part', timeoutMs: 30_000, intervalMs: 200 },
    );
    running.child.kill('SIGINT');
    return { run: await running.done, videoId, partsUp };
  }

  test('Ctrl-C keeps the upload and says how to resume; the same command resumes it, sends the rest and reaches DONE with the watch link', async () => {
    const args = [clip, '--data-dir', cloud.dataDir, '--title', 'In parts', ...account()];

    const stopped = await interruptAfterOnePart(args);

    expect(stopped.run.code).toBe(130);
    expect(stopped.run.stderr).toMatch(
      /^Stopped \(Ctrl-C\)\. The upload is kept \([12] of 3 parts uploaded\): run the same command again to resume it:\n {2}npm run demo -- \S+parts\.mp4 --data-dir \S+ --title 'In parts' --email \S+ --password \S+ --bwlimit 1M$/m,
    );
    expect(readdirSync(path.join(cloud.dataDir, RESUME_NOTES_DIR))).toHaveLength(1);

    const resumed = await runDemo(args);

    expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({
      code: 0,
      stderr: expect.stringMatching(/^resuming: [12] of 3 parts already uploaded$/m),
    });
    const already = Number(/^resuming: (\d) of 3/m.exec(resumed.stderr)?.[1]);
    expect(already).toBeGreaterThanOrEqual(stopped.partsUp);
    expect(resumed.stderr).toContain(`as video ${stopped.videoId} in 3 parts.`);
    expect(resumed.stdout).toMatch(new RegExp(`^DONE: "In parts" \\(4\\.0 s, 640x360\\), id ${stopped.videoId}`, 'm'));
    expect(resumed.stdout).toContain(
      `Master playlist: ${cloud.endpoints.playbackBaseUrl}/${stopped.videoId}/hls/index.m3u8\n`,
    );
    expect(resumed.stdout).toContain(`Watch it: ${cloud.endpoints.webUrl}/watch/${stopped.videoId}\n`);
    expect(readdirSync(path.join(cloud.dataDir, RESUME_NOTES_DIR))).toEqual([]);
    const watchPage = await fetch(`${cloud.endpoints.webUrl}/watch/${stopped.videoId}`);
    expect(watchPage.status).toBe(200);
  }, 240_000);

  test('an interrupted upload that is gone (aborted) is started over, and says so', async () => {
    const args = [clip, '--data-dir', cloud.dataDir, ...account()];
    const stopped = await interruptAfterOnePart(args);
    const email = args[args.indexOf('--email') + 1] as string;
    const password = args[args.indexOf('--password') + 1] as string;
    const user = await signInDemoUser(cloud.endpoints, email, password);
    await graphql(cloud.endpoints, { mode: 'userPool', token: user.idToken }, ABORT, { videoId: stopped.videoId });

    const again = await interruptAfterOnePart(args);

    expect(again.run.stderr).toContain(
      `The interrupted upload of parts.mp4 (video ${stopped.videoId}) is gone (completed, aborted, or expired after a day); starting over.`,
    );
    expect(again.run.stderr).not.toContain('resuming:');
    expect(again.videoId).not.toBe(stopped.videoId);
  }, 240_000);
});
