import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// What the demo remembers of a multipart upload it started, so that running the same command again
// resumes it: one small JSON file per file path under <data dir>/demo-uploads/. A note belongs to
// the file as it was (absolute path, size and modification time): a file changed since is a new
// upload.

export interface FileIdentity {
  /** Absolute. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ResumeNote extends FileIdentity {
  videoId: string;
  startedAt: string;
}

export const RESUME_NOTES_DIR = 'demo-uploads';

export class ResumeNotes {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, RESUME_NOTES_DIR);
  }

  /** The note left for this path, whether or not the file is still the same. */
  read(filePath: string): ResumeNote | undefined {
    try {
      const note = JSON.parse(readFileSync(this.fileOf(filePath), 'utf8')) as Partial<ResumeNote>;
      if (typeof note.videoId !== 'string' || note.path !== filePath) return undefined;
      return note as ResumeNote;
    } catch {
      return undefined;
    }
  }

  save(note: ResumeNote): void {
    mkdirSync(this.dir, { recursive: true });
    // Written whole or not at all: a run stopped mid-write leaves the previous note.
    const file = this.fileOf(note.path);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(note, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }

  remove(filePath: string): void {
    rmSync(this.fileOf(filePath), { force: true });
  }

  private fileOf(filePath: string): string {
    return path.join(this.dir, `${createHash('sha256').update(filePath).digest('hex').slice(0, 32)}.json`);
  }
}

/** Is the note for this very file (same size and modification time as when the upload began)? */
export function isSameFile(note: FileIdentity, file: FileIdentity): boolean {
  return note.path === file.path && note.size === file.size && note.mtimeMs === file.mtimeMs;
}
