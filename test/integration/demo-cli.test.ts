// `npm run demo` as a person runs it: the CLI in its own process against the suite's local cloud
// (output not a TTY, so progress comes as lines), and its refusals as single sentences.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInDemoUser } from '../../scripts/lib/demo-user';
import { CliError } from '../../scripts/lib/cli-error';
import { testEndpoints } from '../support/endpoints';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { makeClip, parsePlaylist } from '../support/media';
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

function runDemo(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, INIT_CWD: repoRoot },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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
