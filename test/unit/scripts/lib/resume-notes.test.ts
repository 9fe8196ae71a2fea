import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESUME_NOTES_DIR, ResumeNotes, isSameFile } from '../../../../scripts/lib/resume-notes';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-notes-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const note = {
  path: '/home/me/Videos/harbour.mp4',
  size: 650_000_000,
  mtimeMs: 1_764_000_000_123.5,
  videoId: '01M8TC5TCYNRKCR1XV3BRBXW0W',
  startedAt: '2026-12-03T09:00:00.000Z',
};

describe('ResumeNotes', () => {
  test('a saved note is found by its path, in the data dir, readable by its owner only', () => {
    const notes = new ResumeNotes(dataDir);
    notes.save(note);

    expect(new ResumeNotes(dataDir).read(note.path)).toEqual(note);
    expect(notes.read('/home/me/Videos/other.mp4')).toBeUndefined();
    const [file] = readdirSync(path.join(dataDir, RESUME_NOTES_DIR));
    expect(statSync(path.join(dataDir, RESUME_NOTES_DIR, file as string)).mode & 0o777).toBe(0o600);
  });

  test('saving again replaces the note; removing it leaves nothing', () => {
    const notes = new ResumeNotes(dataDir);
    notes.save(note);
    notes.save({ ...note, videoId: '01M8TC5TCYNRKCR1XV3BRBXW0X' });
    expect(notes.read(note.path)?.videoId).toBe('01M8TC5TCYNRKCR1XV3BRBXW0X');
    expect(readdirSync(path.join(dataDir, RESUME_NOTES_DIR))).toHaveLength(1);

    notes.remove(note.path);
    notes.remove(note.path);
    expect(notes.read(note.path)).toBeUndefined();
    expect(readdirSync(path.join(dataDir, RESUME_NOTES_DIR))).toEqual([]);
  });

  test('the same file is the same path, size and modification time', () => {
    expect(isSameFile(note, { path: note.path, size: note.size, mtimeMs: note.mtimeMs })).toBe(true);
    expect(isSameFile(note, { ...note, size: note.size + 1 })).toBe(false);
    expect(isSameFile(note, { ...note, mtimeMs: note.mtimeMs + 1 })).toBe(false);
    expect(isSameFile(note, { ...note, path: '/elsewhere/harbour.mp4' })).toBe(false);
  });
});
