import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfChanged } from '../../../../scripts/build-cache/build-if-changed';
import type { BuildCacheContext, BuildTarget } from '../../../../scripts/build-cache/build-if-changed';
import { readBuildRecord } from '../../../../scripts/build-cache/build-record';
import { FileDigests } from '../../../../scripts/build-cache/file-digest';

// A target is built when its key or its outputs say so, and skipped otherwise. The target here is a
// small "bundler": it concatenates src/entry.txt and every file an `include <name>` line in it names.

describe('buildIfChanged', () => {
  let root: string;
  let outDir: string;
  let builds: number;
  let duringBuild: (() => void) | undefined;
  let recipe: unknown;

  const file = (name: string) => path.join(root, name);
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(file(name)), { recursive: true });
    writeFileSync(file(name), text);
  };
  const bundle = () => readFileSync(path.join(outDir, 'bundle.txt'), 'utf8');

  const target = (overrides: Partial<BuildTarget> = {}): BuildTarget => ({
    name: 'concat',
    outputDirs: [outDir],
    recipe,
    build: async () => {
      builds += 1;
      const entry = readFileSync(file('src/entry.txt'), 'utf8');
      const included = [...entry.matchAll(/^include (\S+)$/gm)].map(([, name]) => `src/${name}`);
      duringBuild?.();
      mkdirSync(outDir, { recursive: true });
      writeFileSync(
        path.join(outDir, 'bundle.txt'),
        [entry, ...included.map((name) => readFileSync(file(name), 'utf8'))].join(''),
      );
      return ['src/entry.txt', ...included];
    },
    ...overrides,
  });
  // A new context per run, as each `npm run build` has, and a moment after the last save: file
  // times only tell a build whether a source was saved while it ran (changes are found by content).
  const run = async (overrides: Partial<BuildTarget> = {}, context: Partial<BuildCacheContext> = {}) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return buildIfChanged(target(overrides), {
      root,
      recordDir: path.join(root, 'build', '.build-cache'),
      recipeFiles: ['scripts/build.ts'],
      digests: FileDigests.load(root),
      ...context,
    });
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'videopipe-build-if-changed-'));
    outDir = path.join(root, 'build', 'concat');
    builds = 0;
    duringBuild = undefined;
    recipe = { tool: '1.0.0' };
    write('src/entry.txt', 'entry\ninclude part.txt\n');
    write('src/part.txt', 'part\n');
    write('src/unused.txt', 'unused\n');
    write('scripts/build.ts', '// build\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('builds the first time, then skips while nothing changed', async () => {
    expect(await run()).toBe('built');
    expect(await run()).toBe('up to date');
    expect(await run()).toBe('up to date');
    expect(builds).toBe(1);
    expect(bundle()).toBe('entry\ninclude part.txt\npart\n');
  });

  test('rebuilds when a file the last build read changes, with the new content', async () => {
    await run();
    write('src/part.txt', 'part, edited\n');
    expect(await run()).toBe('built');
    expect(bundle()).toBe('entry\ninclude part.txt\npart, edited\n');
    expect(await run()).toBe('up to date');
  });

  test('keys the files the last build read: a newly included file counts from then on', async () => {
    await run();
    write('src/later.txt', 'later\n');
    write('src/entry.txt', 'entry\ninclude part.txt\ninclude later.txt\n');
    expect(await run()).toBe('built');
    write('src/later.txt', 'later, edited\n');
    expect(await run()).toBe('built');
    expect(bundle()).toContain('later, edited');
  });

  test('rebuilds when an output is deleted, edited or joined by another file', async () => {
    await run();
    rmSync(path.join(outDir, 'bundle.txt'));
    expect(await run()).toBe('built');
    writeFileSync(path.join(outDir, 'bundle.txt'), 'tampered');
    expect(await run()).toBe('built');
    writeFileSync(path.join(outDir, 'extra.txt'), 'stray');
    expect(await run()).toBe('built');
    expect(existsSync(path.join(outDir, 'extra.txt'))).toBe(false);
    expect(builds).toBe(4);
  });

  test('rebuilds when the recipe (tool versions, options, env) or the build script changes', async () => {
    await run();
    recipe = { tool: '1.0.1' };
    expect(await run()).toBe('built');
    write('scripts/build.ts', '// build, edited\n');
    expect(await run()).toBe('built');
    expect(await run()).toBe('up to date');
  });

  test('rebuilds when one of its fixed inputs changes or appears', async () => {
    const fixedInputs = () => ['src/unused.txt', 'src/config.txt'];
    await run({ fixedInputs });
    expect(await run({ fixedInputs })).toBe('up to date');
    write('src/config.txt', 'mode=production\n');
    expect(await run({ fixedInputs })).toBe('built');
  });

  test('--force rebuilds whatever the record says', async () => {
    await run();
    expect(await run({}, { force: true })).toBe('built');
    expect(builds).toBe(2);
  });

  test('a failed build leaves no record and no outputs, so the next build runs again', async () => {
    await run();
    write('src/part.txt', 'part, edited\n');
    await expect(run({ build: () => Promise.reject(new Error('syntax error')) })).rejects.toThrow('syntax error');
    expect(readBuildRecord(path.join(root, 'build', '.build-cache'), 'concat')).toBeUndefined();
    expect(existsSync(outDir)).toBe(false);
    expect(await run()).toBe('built');
  });

  test('a source saved while the build ran is not recorded as built, so the next build runs again', async () => {
    await run();
    write('src/part.txt', 'part, edited\n');
    duringBuild = () => writeFileSync(file('src/part.txt'), 'part, edited again\n');
    expect(await run()).toBe('built');
    expect(readBuildRecord(path.join(root, 'build', '.build-cache'), 'concat')).toBeUndefined();
    duringBuild = undefined;
    expect(await run()).toBe('built');
    expect(bundle()).toContain('part, edited again');
    expect(await run()).toBe('up to date');
  });

  test('so is a source moved into place while the build ran, however old its content', async () => {
    await run();
    write('src/part.next', 'part, prepared earlier\n');
    duringBuild = () => renameSync(file('src/part.next'), file('src/part.txt'));
    expect(await run()).toBe('built');
    expect(readBuildRecord(path.join(root, 'build', '.build-cache'), 'concat')).toBeUndefined();
    duringBuild = undefined;
    expect(await run()).toBe('built');
    expect(bundle()).toContain('part, prepared earlier');
  });
});
