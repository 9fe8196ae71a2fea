import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../../../../scripts/lib/cli-error';
import { inspectVideoFile } from '../../../../scripts/lib/video-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-video-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectVideoFile', () => {
  test('a present, non-empty video file: its name, size and type', () => {
    const file = path.join(dir, 'clip.mp4');
    writeFileSync(file, Buffer.alloc(1234));
    expect(inspectVideoFile(file)).toEqual({
      path: file,
      name: 'clip.mp4',
      size: 1234,
      mtimeMs: statSync(file).mtimeMs,
      contentType: 'video/mp4',
    });
  });

  test.each([
    ['missing.mp4', /^There is no file at .*missing\.mp4\.$/],
    ['empty.mp4', /empty\.mp4 is empty\.$/],
    ['notes.txt', /^notes\.txt does not look like a video/],
    // Ogg is not a container the pipeline's probe takes: refused here rather than after the upload.
    ['film.ogv', /^film\.ogv does not look like a video \(its extension is not one of \.mp4, \.m4v, \.mov, [^)]*\)\.$/],
    ['.', /is not a file\.$/],
  ])('%s is refused with one sentence', (name, message) => {
    writeFileSync(path.join(dir, 'empty.mp4'), '');
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    writeFileSync(path.join(dir, 'film.ogv'), 'OggS');
    const attempt = () => inspectVideoFile(path.join(dir, name));
    expect(attempt).toThrow(CliError);
    expect(attempt).toThrow(message);
  });
});
