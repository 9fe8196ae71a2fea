import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeStrayOutputs } from '../../../../scripts/build-cache/stray-outputs';

// build/ holds only what the current targets write, as when every build began with an empty folder.

describe('removeStrayOutputs', () => {
  let buildDir: string;

  const touch = (file: string) => {
    mkdirSync(path.dirname(path.join(buildDir, file)), { recursive: true });
    writeFileSync(path.join(buildDir, file), 'x');
  };

  beforeEach(() => {
    buildDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-strays-'));
    for (const file of [
      'functions/uploads/index.mjs',
      'functions/removed-lambda/index.mjs',
      'client/index.html',
      'zips/uploads.zip',
      '.build-cache/client.json',
      'layers/ffprobe/bin/ffprobe',
      'layers/old-layer/bin/tool',
    ])
      touch(file);
  });

  afterEach(() => rmSync(buildDir, { recursive: true, force: true }));

  test('keeps the kept paths and what is under them, and removes the rest', () => {
    removeStrayOutputs(buildDir, [
      path.join(buildDir, 'functions', 'uploads'),
      path.join(buildDir, 'client'),
      path.join(buildDir, '.build-cache'),
      path.join(buildDir, 'layers', 'ffprobe'),
    ]);
    const exists = (file: string) => existsSync(path.join(buildDir, file));
    expect(exists('functions/uploads/index.mjs')).toBe(true);
    expect(exists('client/index.html')).toBe(true);
    expect(exists('.build-cache/client.json')).toBe(true);
    expect(exists('layers/ffprobe/bin/ffprobe')).toBe(true);
    expect(exists('functions/removed-lambda')).toBe(false);
    expect(exists('zips')).toBe(false);
    expect(exists('layers/old-layer')).toBe(false);
  });

  test('does nothing when there is no build folder yet', () => {
    rmSync(buildDir, { recursive: true });
    expect(() => removeStrayOutputs(buildDir, [path.join(buildDir, 'client')])).not.toThrow();
  });
});
