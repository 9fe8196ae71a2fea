import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { OpenContent } from '../../../../local/s3/object-content';

// An object's content in one file or in its parts' files, read as one stream from any offset,
// with every file closed however the reading ends.

let dir: string;
const pieces = ['abcde', 'fghij', 'k', 'lmnopq'];
let files: Array<{ file: string; size: number }>;
const whole = pieces.join('');
const openFiles = () => readdirSync('/proc/self/fd').length;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-content-'));
  files = pieces.map((piece, index) => {
    const file = path.join(dir, `part-${index + 1}`);
    writeFileSync(file, piece);
    return { file, size: piece.length };
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OpenContent', () => {
  test('several files read as one, whole or from any byte to any byte, across the seams', async () => {
    const before = openFiles();
    expect(await text(OpenContent.open(files)!.stream())).toBe(whole);
    for (const [start, end] of [
      [0, 0],
      [3, 7],
      [4, 5],
      [5, 9],
      [9, 11],
      [10, 10],
      [2, 16],
      [16, 16],
    ] as const)
      expect(await text(OpenContent.open(files)!.stream({ start, end }))).toBe(whole.slice(start, end + 1));
    expect(openFiles()).toBe(before);
  });

  test('one file reads as before', async () => {
    const [first] = files;
    expect(await text(OpenContent.open([first!])!.stream({ start: 1, end: 3 }))).toBe('bcd');
  });

  test('opened files stay readable after they are unlinked (the object deleted mid-read)', async () => {
    const copies = files.map(({ file, size }) => {
      const copy = `${file}.doomed`;
      writeFileSync(copy, readFileSync(file));
      return { file: copy, size };
    });
    const content = OpenContent.open(copies)!;
    for (const { file } of copies) unlinkSync(file);
    expect(await text(content.stream())).toBe(whole);
  });

  test('a missing file: nothing opened, nothing left open', () => {
    const before = openFiles();
    expect(OpenContent.open([...files, { file: path.join(dir, 'gone'), size: 1 }])).toBeUndefined();
    expect(openFiles()).toBe(before);
  });

  test('a reader that stops early, or never starts, leaves no file open', async () => {
    const before = openFiles();
    const stream = OpenContent.open(files)!.stream({ start: 1, end: 15 });
    await new Promise<void>((resolve) => stream.once('readable', resolve));
    stream.destroy();
    const untouched = OpenContent.open(files)!.stream();
    untouched.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openFiles()).toBe(before);
  });
});
