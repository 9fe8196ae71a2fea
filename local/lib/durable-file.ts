import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

// Files that survive a SIGKILL or power cut whole: the local stand-ins' state is written this way.

/** Writes, fsyncs, then renames into place: readers see the old file or the whole new one. */
export function writeDurably(file: string, text: string, temp = `${file}.${randomUUID()}.tmp`): void {
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** fsync a directory so a rename into it is durable too. */
export function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the renames are still atomic.
  }
}

/** fsync a file written by a stream, so that its content survives a crash before it is committed. */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
