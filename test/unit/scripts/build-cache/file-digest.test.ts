import { createHash } from 'node:crypto';
import fs, { cpSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ABSENT, FileDigests, digestFile } from '../../../../scripts/build-cache/file-digest';

// Digests are of content. The ledger only spares reading a file again while its inode shows it
// unwritten since its digest was taken, and never trusts a digest taken while the file was settling.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('file digests', () => {
  let root: string;
  let ledger: string;
  let reads: jest.SpyInstance;
  const file = (name: string) => path.join(root, name);

  /** As a later build sees it: after the files have settled. */
  const later = () => jest.spyOn(Date, 'now').mockReturnValue(statSync(file('a.ts')).ctimeMs + 60_000);
  const readsOf = (name: string) => reads.mock.calls.filter(([read]) => read === file(name)).length;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'videopipe-file-digest-'));
    ledger = path.join(root, 'build', '.build-cache', 'file-digests.json');
    writeFileSync(file('a.ts'), 'export const a = 1;\n');
    reads = jest.spyOn(fs, 'readFileSync');
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  test('digestFile is the SHA-256 of the bytes, or ABSENT for no file', () => {
    expect(digestFile(file('a.ts'))).toBe(sha256('export const a = 1;\n'));
    expect(digestFile(file('missing.ts'))).toBe(ABSENT);
    expect(digestFile(path.join(root, 'a.ts', 'inside'))).toBe(ABSENT);
  });

  test('of() gives the digest of the content, absolute or relative to the root', () => {
    const digests = FileDigests.load(root, ledger);
    expect(digests.of(file('a.ts'))).toBe(sha256('export const a = 1;\n'));
    expect(digests.of('a.ts')).toBe(sha256('export const a = 1;\n'));
    expect(digests.of('missing.ts')).toBe(ABSENT);
  });

  test('a later build reuses a settled digest without reading the file', () => {
    later();
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.save();
    reads.mockClear();
    expect(FileDigests.load(root, ledger).of('a.ts')).toBe(sha256('export const a = 1;\n'));
    expect(readsOf('a.ts')).toBe(0);
  });

  test('a digest taken while the file was settling is taken again', () => {
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.save();
    reads.mockClear();
    FileDigests.load(root, ledger).of('a.ts');
    expect(readsOf('a.ts')).toBe(1);
  });

  test('a file rewritten with the same size and modification time is read again (its ctime moved)', () => {
    // A whole second, which utimes sets exactly: the rewrite can put it back to the nanosecond.
    const wholeSecond = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000);
    utimesSync(file('a.ts'), wholeSecond, wholeSecond);
    later();
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.save();
    writeFileSync(file('a.ts'), 'export const a = 2;\n');
    utimesSync(file('a.ts'), wholeSecond, wholeSecond);
    expect(FileDigests.load(root, ledger).of('a.ts')).toBe(sha256('export const a = 2;\n'));
  });

  test('a file replaced by another (a new inode) is read again', () => {
    later();
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.save();
    writeFileSync(file('b.ts'), 'export const a = 3;\n');
    renameSync(file('b.ts'), file('a.ts'));
    expect(FileDigests.load(root, ledger).of('a.ts')).toBe(sha256('export const a = 3;\n'));
  });

  test('a copy of the checkout elsewhere reads its files again', () => {
    later();
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.save();
    const copy = mkdtempSync(path.join(os.tmpdir(), 'videopipe-file-digest-copy-'));
    try {
      cpSync(root, copy, { recursive: true });
      reads.mockClear();
      expect(FileDigests.load(copy, path.join(copy, 'build', '.build-cache', 'file-digests.json')).of('a.ts')).toBe(
        sha256('export const a = 1;\n'),
      );
      expect(reads.mock.calls.filter(([read]) => read === path.join(copy, 'a.ts'))).toHaveLength(1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('within one build, a file written since its digest was taken is read again', () => {
    const digests = FileDigests.load(root, ledger);
    expect(digests.of('a.ts')).toBe(sha256('export const a = 1;\n'));
    writeFileSync(file('a.ts'), 'export const a = 4;\n');
    expect(digests.of('a.ts')).toBe(sha256('export const a = 4;\n'));
  });

  test('reuse: false (--force) reads every file whatever the ledger says', () => {
    later();
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.save();
    reads.mockClear();
    FileDigests.load(root, ledger, { reuse: false }).of('a.ts');
    expect(readsOf('a.ts')).toBe(1);
  });

  test('an unreadable or foreign ledger is no ledger', () => {
    fs.mkdirSync(path.dirname(ledger), { recursive: true });
    for (const text of [
      '{"version": 1, "files": ',
      '{"version": 2, "files": {}}',
      '{"version": 1, "files": {"a.ts": [1]}}',
    ]) {
      writeFileSync(ledger, text);
      expect(FileDigests.load(root, ledger).of('a.ts')).toBe(sha256('export const a = 1;\n'));
    }
  });

  test('save keeps only the files this build asked about', () => {
    writeFileSync(file('gone.ts'), 'export {};\n');
    const first = FileDigests.load(root, ledger);
    first.of('a.ts');
    first.of('gone.ts');
    first.save();
    const second = FileDigests.load(root, ledger);
    second.of('a.ts');
    second.save();
    const kept = JSON.parse(fs.readFileSync(ledger, 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(kept.files)).toEqual(['a.ts']);
  });
});
