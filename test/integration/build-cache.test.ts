import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// `npm run build` in a scratch copy of the repository: a target is rebuilt when one of its sources
// changes or one of its outputs goes, with the change in its output, and skipped otherwise
// (scripts/build-cache/). The copy starts from this checkout's build/, records included.

const root = path.resolve(__dirname, '..', '..');

/** The checkout's files (tracked, and new ones not ignored), node_modules linked, build/ copied. */
function scratchCopy(): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'videopipe-build-cache-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(path.join(root, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(scratch, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  if (existsSync(path.join(root, 'build')))
    cpSync(path.join(root, 'build'), path.join(scratch, 'build'), { recursive: true });
  return scratch;
}

describe('npm run build, run again', () => {
  let scratch: string;

  /** Runs the build in the copy; returns its first line, which says what was built and what was up to date. */
  const build = (...args: string[]): string =>
    execFileSync(process.execPath, ['--require', 'tsx/cjs', 'scripts/build.ts', ...args], {
      cwd: scratch,
      encoding: 'utf8',
      // As `npm run build` runs it (jest sets NODE_ENV=test, which Vite would build with).
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV')),
    }).split('\n')[0] as string;
  const append = (file: string, text: string) =>
    writeFileSync(path.join(scratch, file), readFileSync(path.join(scratch, file), 'utf8') + text);
  const built = (dir: string): string =>
    readdirSync(path.join(scratch, 'build', dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.m?js$/.test(entry.name))
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');

  beforeAll(() => {
    scratch = scratchCopy();
    build();
  }, 300_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('skips every target when nothing changed', () => {
    expect(build()).toMatch(/^build\/ is up to date \(\d+ ms\)$/);
  }, 120_000);

  test('rebuilds only the resolvers when a resolver changes, with the change in the bundle', () => {
    append('resolvers/Query.getVideo.ts', "\nexport const buildCacheProbe = 'resolver-probe-1';\n");
    expect(build()).toMatch(
      /^built \d+ resolver files into build\/; up to date: the job-events Lambda, .*the web client and the ffprobe layer/,
    );
    expect(built('resolvers')).toContain('resolver-probe-1');
    expect(build()).toMatch(/^build\/ is up to date/);
  }, 120_000);

  test('rebuilds only the Lambda whose code changed', () => {
    append('functions/watchdog/handler.ts', "\nconsole.info('watchdog-probe-1');\n");
    expect(build()).toMatch(
      /^built the watchdog Lambda into build\/; up to date: \d+ resolver files, the job-events Lambda, the process-upload Lambda, the uploads Lambda, the web client and the ffprobe layer/,
    );
    expect(built('functions/watchdog')).toContain('watchdog-probe-1');
  }, 120_000);

  test('rebuilds a Lambda whose bundle was deleted, and nothing else', () => {
    rmSync(path.join(scratch, 'build', 'functions', 'uploads', 'index.mjs'));
    expect(build()).toMatch(/^built the uploads Lambda into build\//);
    expect(existsSync(path.join(scratch, 'build', 'functions', 'uploads', 'index.mjs'))).toBe(true);
  }, 120_000);

  test('rebuilds the web client when one of its sources changes, with the change in the bundle', () => {
    append('client/src/main.tsx', "\nconsole.info('client-probe-1');\n");
    expect(build()).toMatch(/^built the web client into build\//);
    expect(built('client')).toContain('client-probe-1');
    expect(build()).toMatch(/^build\/ is up to date/);
  }, 300_000);
});
