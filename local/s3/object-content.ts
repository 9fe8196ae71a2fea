import { closeSync, createReadStream, openSync } from 'node:fs';
import { Readable } from 'node:stream';

// An object's content on disk: one file, or, for a completed multipart upload, its parts' files
// in order (completion keeps them as they came rather than copying them into one).

export interface ContentFile {
  file: string;
  size: number;
}

const READ_BYTES = 1024 * 1024;

/**
 * An object's content, opened: it stays readable even if the object is overwritten or deleted
 * meanwhile. stream() reads it once and closes the files.
 */
export class OpenContent {
  private constructor(private readonly pieces: Array<ContentFile & { fd: number }>) {}

  /** Opens every file now; undefined if one is gone (the object was deleted or replaced). */
  static open(files: ContentFile[]): OpenContent | undefined {
    const pieces: Array<ContentFile & { fd: number }> = [];
    try {
      for (const file of files) pieces.push({ ...file, fd: openSync(file.file, 'r') });
    } catch {
      for (const piece of pieces) closeSync(piece.fd);
      return undefined;
    }
    return new OpenContent(pieces);
  }

  /** Bytes `start` to `end` (inclusive), or all of them, as one stream. */
  stream(range?: { start: number; end: number }): Readable {
    const [only] = this.pieces;
    if (only && this.pieces.length === 1)
      return createReadStream(only.file, { fd: only.fd, highWaterMark: READ_BYTES, ...range });
    const pieces = this.pieces;
    const start = range?.start ?? 0;
    const end = range?.end ?? pieces.reduce((sum, piece) => sum + piece.size, 0) - 1;
    // Files not yet handed to a read stream; those left when the stream closes (read in part, or not at all) are closed then.
    const unread = [...pieces];
    async function* read(): AsyncGenerator<Buffer> {
      let offset = 0;
      for (let piece = unread.shift(); piece !== undefined; piece = unread.shift()) {
        const from = Math.max(start, offset) - offset;
        const to = Math.min(end, offset + piece.size - 1) - offset;
        offset += piece.size;
        if (from > to) {
          closeSync(piece.fd);
          continue;
        }
        // The piece's stream closes its file at its end, or when the reader stops early.
        yield* createReadStream(piece.file, { fd: piece.fd, start: from, end: to, highWaterMark: READ_BYTES });
      }
    }
    const stream = Readable.from(read(), { objectMode: false, highWaterMark: READ_BYTES });
    stream.once('close', () => {
      for (const piece of unread.splice(0)) closeSync(piece.fd);
    });
    return stream;
  }
}
