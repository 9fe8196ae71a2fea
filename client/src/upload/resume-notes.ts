// What a reloaded tab needs to offer resuming a multipart upload when the same file is picked
// again: the video id and what the person typed. Kept in localStorage, with no token in it: the
// upload is found again through the API, as its owner.

/** How a file is known again after a reload: a browser gives no path, only these. */
export interface FileIdentity {
  name: string;
  size: number;
  lastModified: number;
}

export interface ResumeNote {
  videoId: string;
  title: string;
  description: string;
  file: FileIdentity;
  /** The signed-in user's id (not a token): another account on the same browser is not offered it. */
  ownerId: string;
  /** When the raw bucket's lifecycle rule aborts the upload: the note is no use after that. */
  expiresAt: string;
}

const STORAGE_KEY = 'videopipe.resumableUploads';

function keyOf(file: FileIdentity): string {
  return JSON.stringify([file.name, file.size, file.lastModified]);
}

/** The notes of one browser, keyed by the file they are about. */
export class ResumeNotes {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly #now: () => number;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
  }

  /** The owner's note about this file, if it is still of use. */
  find(file: FileIdentity, ownerId: string): ResumeNote | undefined {
    const note = this.#read()[keyOf(file)];
    return note && note.ownerId === ownerId ? note : undefined;
  }

  /** The owner's notes, oldest upload first. */
  list(ownerId: string): ResumeNote[] {
    return Object.values(this.#read()).filter((note) => note.ownerId === ownerId);
  }

  save(note: ResumeNote): void {
    this.#write({ ...this.#read(), [keyOf(note.file)]: note });
  }

  remove(videoId: string): void {
    const notes = this.#read();
    for (const [key, note] of Object.entries(notes)) if (note.videoId === videoId) delete notes[key];
    this.#write(notes);
  }

  /** Every note still of use; one that is unreadable, or past its upload's expiry, is dropped. */
  #read(): Record<string, ResumeNote> {
    let stored: unknown;
    try {
      stored = JSON.parse(this.#storage.getItem(STORAGE_KEY) ?? '{}');
    } catch {
      return {};
    }
    if (typeof stored !== 'object' || stored === null) return {};
    const notes: Record<string, ResumeNote> = {};
    for (const [key, note] of Object.entries(stored as Record<string, ResumeNote>))
      if (typeof note?.videoId === 'string' && Date.parse(note.expiresAt) > this.#now()) notes[key] = note;
    return notes;
  }

  #write(notes: Record<string, ResumeNote>): void {
    try {
      // No notes, no key: nothing of videopipe's lingers in the browser's storage.
      if (Object.keys(notes).length === 0) this.#storage.removeItem(STORAGE_KEY);
      else this.#storage.setItem(STORAGE_KEY, JSON.stringify(notes));
    } catch {
      // Storage full or refused (private mode): the upload goes on, only the offer after a reload is lost.
    }
  }
}
