// What a file holds, as a digest: the build cache's keys and its record of a target's outputs are
// made of these, so a file counts as changed exactly when its bytes do (never by its timestamp).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Stands in for a file that is not there, so adding it later changes the key. */
export const ABSENT = 'absent';

/** The SHA-256 of a file's bytes, or ABSENT when there is no such file. */
export function digestFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return ABSENT;
    throw error;
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * digestFile, each file read once per build: the Lambdas share most of their inputs (the AWS SDK).
 * Only for inputs, read before anything is built; outputs are always read afresh.
 */
export class InputDigests {
  private readonly known = new Map<string, string>();

  of(file: string): string {
    let digest = this.known.get(file);
    if (digest === undefined) {
      digest = digestFile(file);
      this.known.set(file, digest);
    }
    return digest;
  }
}
