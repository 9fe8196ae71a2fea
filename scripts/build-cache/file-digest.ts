// What a file holds, as a digest: the build cache's keys and its record of a target's outputs are
// made of these, so a file counts as changed exactly when its bytes do.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import path from 'node:path';

/** Stands in for a file that is not there, so adding it later changes the key. */
export const ABSENT = 'absent';

/** The SHA-256 of a file's bytes, or ABSENT when there is no such file. */
export function digestFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if (isMissing(error)) return ABSENT;
    throw error;
  }
  return createHash('sha256').update(bytes).digest('hex');
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * A digest as it was taken: the file's inode, size, modification and change times then (as
 * decimal nanoseconds), when it was taken (ms since the epoch), and the digest.
 */
type LedgerEntry = [ino: string, size: string, mtimeNs: string, ctimeNs: string, takenAtMs: number, digest: string];

/**
 * A file written this long before its digest was taken may still be written again with the same
 * times: file times come from a coarse clock, and some file systems keep whole seconds.
 */
const SETTLE_MS = 2000;

const LEDGER_VERSION = 1;

/**
 * digestFile, without reading a file again while its inode shows it unwritten since its digest was
 * taken (as git's index does): any write changes the change time (ctime), which no program can set
 * back. A digest taken while the file was still settling (SETTLE_MS) is taken again next time.
 * Kept from build to build in one JSON file; a file moved elsewhere or copied is read again.
 */
export class FileDigests {
  private readonly previous: Map<string, LedgerEntry>;
  private readonly current = new Map<string, LedgerEntry>();
  private changed = false;

  private constructor(
    private readonly root: string,
    private readonly ledgerFile: string | undefined,
    previous: Map<string, LedgerEntry>,
  ) {
    this.previous = previous;
  }

  /**
   * Digests for files under root, kept in ledgerFile (if given) for the next build; those the last
   * build kept are reused unless `reuse` is false (every file is read, as npm run build -- --force wants).
   */
  static load(root: string, ledgerFile?: string, { reuse = true }: { reuse?: boolean } = {}): FileDigests {
    let entries = new Map<string, LedgerEntry>();
    if (ledgerFile && reuse) {
      try {
        const ledger = JSON.parse(readFileSync(ledgerFile, 'utf8')) as { version?: number; files?: object };
        if (ledger.version === LEDGER_VERSION && ledger.files && typeof ledger.files === 'object')
          entries = new Map(
            Object.entries(ledger.files as Record<string, LedgerEntry>).filter(([, entry]) => isEntry(entry)),
          );
      } catch {
        // none yet, or unreadable: every file is read
      }
    }
    return new FileDigests(root, ledgerFile, entries);
  }

  /** The digest of a file (absolute, or a normalized path relative to the root) as it is now. */
  of(file: string): string {
    const absolute = path.isAbsolute(file) ? file : `${this.root}${path.sep}${file}`;
    const name = path.isAbsolute(file) ? path.relative(this.root, file) : file;
    let stats: BigIntStats;
    try {
      stats = statSync(absolute, { bigint: true });
    } catch (error) {
      if (isMissing(error)) return ABSENT;
      throw error;
    }
    const known = this.current.get(name) ?? this.previous.get(name);
    if (known && sameInode(known, stats) && settledWhenTaken(known)) {
      if (!this.current.has(name)) this.current.set(name, known);
      return known[5];
    }
    const takenAtMs = Date.now();
    const digest = digestFile(absolute);
    // Times from before the read: a write during it shows as a change next time.
    this.current.set(name, [
      String(stats.ino),
      String(stats.size),
      String(stats.mtimeNs),
      String(stats.ctimeNs),
      takenAtMs,
      digest,
    ]);
    this.changed = true;
    return digest;
  }

  /** Keeps the digests taken in this build (and only those) for the next one. */
  save(): void {
    if (!this.ledgerFile || (!this.changed && this.current.size === this.previous.size)) return;
    mkdirSync(path.dirname(this.ledgerFile), { recursive: true });
    const partial = `${this.ledgerFile}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify({ version: LEDGER_VERSION, files: Object.fromEntries(this.current) }));
    renameSync(partial, this.ledgerFile);
  }
}

function isEntry(entry: unknown): entry is LedgerEntry {
  return (
    Array.isArray(entry) &&
    entry.length === 6 &&
    entry.every((part, index) => typeof part === (index === 4 ? 'number' : 'string'))
  );
}

function sameInode(entry: LedgerEntry, stats: BigIntStats): boolean {
  return (
    entry[0] === String(stats.ino) &&
    entry[1] === String(stats.size) &&
    entry[2] === String(stats.mtimeNs) &&
    entry[3] === String(stats.ctimeNs)
  );
}

function settledWhenTaken(entry: LedgerEntry): boolean {
  return Number(BigInt(entry[3]) / 1_000_000n) < entry[4] - SETTLE_MS;
}
