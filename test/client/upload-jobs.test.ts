import { describe, expect, test } from '@jest/globals';
import { UploadInterruptedError } from '../../client/src/upload/errors';
import { STARTED_OVER_NOTICE } from '../../client/src/upload/multipart-upload-job';
import { ResumeNotes } from '../../client/src/upload/resume-notes';
import type { UploadJob, UploadPhase } from '../../client/src/upload/upload-job';
import { UploadManager } from '../../client/src/upload/upload-manager';
import { settle } from './fake-part-transport';
import { FakeUploadApi } from './fake-upload-api';

const MIB = 1024 * 1024;
const MB = 1000 * 1000;

/** A picked file of that many bytes, none of them in memory: the uploads only slice it. */
function fileOf(name: string, size: number, lastModified = 1_764_000_000_000): File {
  const blob = (bytes: number): Blob => ({ size: bytes, slice: (start = 0, end = bytes) => blob(end - start) }) as Blob;
  return Object.assign(blob(size), { name, lastModified, type: 'video/mp4' }) as File;
}

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function setUp(options: { storage?: MemoryStorage; api?: FakeUploadApi } = {}) {
  const api = options.api ?? new FakeUploadApi();
  const storage = options.storage ?? new MemoryStorage();
  const notes = new ResumeNotes(storage);
  const manager = new UploadManager({
    api,
    notes,
    maxPostBytes: 10 * MB,
    // No real waits between retries.
    partOptions: { wait: async () => undefined, random: () => 0.5 },
  });
  manager.setOwner('ada-sub');
  return { api, storage, notes, manager };
}

/** The phases a job goes through, each once in a row. */
function phasesOf(job: UploadJob): UploadPhase[] {
  const phases: UploadPhase[] = [job.state.phase];
  job.subscribe(() => {
    if (phases.at(-1) !== job.state.phase) phases.push(job.state.phase);
  });
  return phases;
}

/** Ends every PUT in flight, and the ones that follow, until none is left. */
async function sendAll(api: FakeUploadApi): Promise<void> {
  await settle();
  while (api.inFlight.length > 0) {
    api.inFlight[0]!.succeed();
    await settle();
  }
}

/** A tab closing: what it had in flight stops, nothing else is told. */
function unload(manager: UploadManager): void {
  for (const job of manager.jobs) job.pause();
}

const request = (file: File) => ({ file, contentType: 'video/mp4', title: 'Harbour', description: 'At dawn.' });

describe('uploads through the manager', () => {
  test('a file up to the POST limit goes by ticket, POST and registration', async () => {
    const { api, manager } = setUp();
    const job = manager.start(request(fileOf('small.mp4', 10 * MB)));
    const phases = phasesOf(job);
    await settle();
    expect(api.calls).toEqual(['createUploadTicket 10000000', 'postFile', 'registerVideo 01VIDEO1']);
    expect(phases).toEqual(['starting', 'uploading', 'registering', 'done']);
    expect(job.canPause).toBe(false);
    expect(manager.jobs).toEqual([]);
  });

  test('a larger file goes in parts, is completed with what was typed, and leaves no resume note', async () => {
    const { api, manager, storage } = setUp();
    const job = manager.start(request(fileOf('big.mp4', 17 * MIB)));
    const phases = phasesOf(job);
    await settle();
    // While the parts travel, a reloaded tab could find the upload again from the note.
    expect(JSON.parse(storage.getItem('videopipe.resumableUploads')!)).toEqual({
      '["big.mp4",17825792,1764000000000]': {
        videoId: '01VIDEO1',
        title: 'Harbour',
        description: 'At dawn.',
        file: { name: 'big.mp4', size: 17 * MIB, lastModified: 1_764_000_000_000 },
        ownerId: 'ada-sub',
        expiresAt: '2999-01-01T00:00:00.000Z',
      },
    });
    expect(manager.bytesInFlight).toBe(true);
    await sendAll(api);
    expect(api.calls).toEqual([
      'startMultipartUpload 01VIDEO1',
      'signParts 01VIDEO1 1,2,3',
      'completeMultipartUpload 01VIDEO1',
    ]);
    expect(api.registered).toEqual([{ id: '01VIDEO1', title: 'Harbour', description: 'At dawn.' }]);
    expect(phases).toEqual(['starting', 'uploading', 'registering', 'done']);
    expect(storage.getItem('videopipe.resumableUploads')).toBeNull();
    expect(manager.bytesInFlight).toBe(false);
  });

  test('pause keeps the parts S3 holds; resume asks which those are and sends only the others', async () => {
    // Prepare: part 1 of 3 arrives, part 2 is half-way.
    const { api, manager } = setUp();
    const job = manager.start(request(fileOf('big.mp4', 17 * MIB)));
    await settle();
    api.put(1).succeed();
    api.put(2).progress(4 * MIB);
    await settle();

    // Act: pause.
    job.pause();
    await settle();

    // Assess: nothing in flight, the bar at what S3 holds, nothing to warn about on leaving.
    expect(api.inFlight).toEqual([]);
    expect(job.state).toMatchObject({ phase: 'paused', progress: { loaded: 8 * MIB, percent: 47 } });
    expect(manager.bytesInFlight).toBe(false);

    // Act: resume.
    job.resume();
    await settle();

    // Assess: S3 asked, parts 2 and 3 sent (not 1), and the bar goes on from part 1.
    expect(api.calls.slice(-2)).toEqual(['findMultipartUpload 01VIDEO1', 'signParts 01VIDEO1 2,3']);
    expect(api.inFlightParts()).toEqual([2, 3]);
    expect(job.state).toMatchObject({ phase: 'uploading', progress: { loaded: 8 * MIB } });
    await sendAll(api);
    expect(api.started).toEqual([1, 2, 3, 2, 3]);
    expect(job.state).toEqual({ phase: 'done', videoId: '01VIDEO1' });
  });

  test('after a reload, the same file picked again resumes from the note: only the missing parts go', async () => {
    // Prepare: a first tab sends part 2 of 3, then is reloaded (its manager gone, its storage kept).
    const first = setUp();
    const file = fileOf('big.mp4', 17 * MIB);
    first.manager.start(request(file));
    await settle();
    first.api.put(2).succeed();
    await settle();
    unload(first.manager);
    const second = setUp({ storage: first.storage, api: first.api });

    // Act: the same file (name, size, last modified) is picked in the new tab.
    const again = fileOf('big.mp4', 17 * MIB);
    const note = second.manager.resumeNoteFor(again);

    // Assess: the note is offered, to its owner only, and not for another file.
    expect(note).toMatchObject({ videoId: '01VIDEO1', title: 'Harbour', description: 'At dawn.' });
    expect(second.manager.resumeNoteFor(fileOf('big.mp4', 17 * MIB, 1))).toBeUndefined();
    expect(second.manager.snapshot.interrupted.map((interrupted) => interrupted.videoId)).toEqual(['01VIDEO1']);

    // Act: resume it.
    const calls = second.api.calls.length;
    const job = second.manager.start({ ...request(again), title: 'Harbour, retitled' }, note!.videoId);
    await settle();

    // Assess: found again, not started anew; parts 1 and 3 only; completed with the new title.
    expect(second.api.calls.slice(calls, calls + 1)).toEqual(['findMultipartUpload 01VIDEO1']);
    expect(second.api.inFlightParts()).toEqual([1, 3]);
    expect(second.manager.snapshot.interrupted).toEqual([]);
    await sendAll(second.api);
    expect(job.state).toEqual({ phase: 'done', videoId: '01VIDEO1' });
    expect(second.api.registered).toEqual([{ id: '01VIDEO1', title: 'Harbour, retitled', description: 'At dawn.' }]);
  });

  test('another account on the same browser is not offered the upload', async () => {
    const { manager, storage } = setUp();
    const file = fileOf('big.mp4', 17 * MIB);
    manager.start(request(file));
    await settle();
    const other = setUp({ storage });
    other.manager.setOwner('bob-sub');
    expect(other.manager.resumeNoteFor(file)).toBeUndefined();
    expect(other.manager.snapshot.interrupted).toEqual([]);
  });

  test('an upload the server no longer has starts over, saying so', async () => {
    // Prepare: a note from before a reload, whose upload has since expired.
    const first = setUp();
    first.manager.start(request(fileOf('big.mp4', 17 * MIB)));
    await settle();
    unload(first.manager);
    first.api.expire('01VIDEO1');
    const second = setUp({ storage: first.storage, api: first.api });
    const file = fileOf('big.mp4', 17 * MIB);

    // Act
    const job = second.manager.start(request(file), second.manager.resumeNoteFor(file)!.videoId);
    await settle();

    // Assess: a new upload, told, with the new one's note in place of the old.
    expect(job.notice).toBe(STARTED_OVER_NOTICE);
    expect(job.videoId).toBe('01VIDEO2');
    expect(second.notes.find(file, 'ada-sub')?.videoId).toBe('01VIDEO2');
    await sendAll(second.api);
    expect(job.state).toEqual({ phase: 'done', videoId: '01VIDEO2' });
  });

  test('cancel aborts the parts in flight and the multipart upload, and forgets the note', async () => {
    const { api, manager, notes } = setUp();
    const file = fileOf('big.mp4', 17 * MIB);
    const job = manager.start(request(file));
    await settle();
    await job.cancel();
    expect(api.inFlight).toEqual([]);
    expect(api.calls.at(-1)).toBe('abortMultipartUpload 01VIDEO1');
    expect(notes.find(file, 'ada-sub')).toBeUndefined();
    expect(job.state.phase).toBe('cancelled');
    expect(manager.jobs).toEqual([]);
  });

  test('a part that fails every try pauses the upload with the reason; resume goes on', async () => {
    const { api, manager } = setUp();
    const job = manager.start(request(fileOf('big.mp4', 17 * MIB)));
    await settle();
    api.put(1).succeed();
    for (let tries = 0; tries < 6; tries += 1) {
      await settle();
      api.put(2).fail(new UploadInterruptedError());
    }
    await settle();
    expect(job.state).toMatchObject({
      phase: 'paused',
      reason: 'Part 2 of 3 failed 6 times. The upload was interrupted: check the connection and try again.',
    });
    job.resume();
    await settle();
    expect(api.inFlightParts()).toEqual([2, 3]);
    await sendAll(api);
    expect(job.state.phase).toBe('done');
  });

  test('completion that got no answer is asked again on resume, without sending or looking at parts', async () => {
    const { api, manager } = setUp();
    const job = manager.start(request(fileOf('big.mp4', 17 * MIB)));
    api.completeFailure = new UploadInterruptedError();
    await sendAll(api);
    expect(job.state).toMatchObject({ phase: 'paused', reason: expect.stringMatching(/^The upload was interrupted/) });
    const calls = api.calls.length;
    job.resume();
    await settle();
    expect(api.calls.slice(calls)).toEqual(['completeMultipartUpload 01VIDEO1']);
    expect(job.state.phase).toBe('done');
  });

  test('a new owner signing in pauses the uploads under way and clears the list', async () => {
    const { api, manager } = setUp();
    const job = manager.start(request(fileOf('big.mp4', 17 * MIB)));
    await settle();
    manager.setOwner(undefined);
    expect(job.state.phase).toBe('paused');
    expect(api.inFlight).toEqual([]);
    expect(manager.jobs).toEqual([]);
  });

  test('the same file is not sent twice from one tab', async () => {
    const { manager } = setUp();
    const file = fileOf('big.mp4', 17 * MIB);
    const job = manager.start(request(file));
    expect(manager.jobFor(fileOf('big.mp4', 17 * MIB))).toBe(job);
    expect(manager.jobFor(fileOf('other.mp4', 17 * MIB))).toBeUndefined();
  });
});

describe('ResumeNotes', () => {
  const note = {
    videoId: '01VIDEO1',
    title: 'Harbour',
    description: '',
    file: { name: 'a.mp4', size: 5, lastModified: 7 },
    ownerId: 'ada-sub',
    expiresAt: '2026-12-04T10:00:00.000Z',
  };

  test('a note is found by name, size and last modified, until its upload expires', () => {
    const storage = new MemoryStorage();
    new ResumeNotes(storage).save(note);
    const before = new ResumeNotes(storage, () => Date.parse('2026-12-04T09:59:59Z'));
    const after = new ResumeNotes(storage, () => Date.parse('2026-12-04T10:00:01Z'));
    expect(before.find({ name: 'a.mp4', size: 5, lastModified: 7 }, 'ada-sub')).toEqual(note);
    expect(before.find({ name: 'a.mp4', size: 5, lastModified: 8 }, 'ada-sub')).toBeUndefined();
    expect(before.find({ name: 'b.mp4', size: 5, lastModified: 7 }, 'ada-sub')).toBeUndefined();
    expect(after.find({ name: 'a.mp4', size: 5, lastModified: 7 }, 'ada-sub')).toBeUndefined();
  });

  test('unreadable storage reads as no notes, and is written over', () => {
    const storage = new MemoryStorage();
    storage.setItem('videopipe.resumableUploads', '{not json');
    const notes = new ResumeNotes(storage, () => 0);
    expect(notes.list('ada-sub')).toEqual([]);
    notes.save(note);
    expect(notes.list('ada-sub')).toEqual([note]);
  });
});
