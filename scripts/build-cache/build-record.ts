// What the last build of a target left: its key, the files it read (the next key is made from
// them) and every file it wrote with its digest. One JSON file per target under the record folder.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BuildRecord {
  key: string;
  /** The files the build read, relative to the root. */
  inputs: string[];
  /** Every file under the target's output folders, relative to the root, with its digest. */
  outputs: Record<string, string>;
}

function recordFile(recordDir: string, target: string): string {
  return path.join(recordDir, `${target}.json`);
}

export function readBuildRecord(recordDir: string, target: string): BuildRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile(recordDir, target), 'utf8')) as Partial<BuildRecord>;
    const wellFormed =
      typeof record.key === 'string' &&
      Array.isArray(record.inputs) &&
      record.inputs.every((file) => typeof file === 'string') &&
      typeof record.outputs === 'object' &&
      record.outputs !== null;
    return wellFormed ? (record as BuildRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all: a build stopped half-way leaves no record, so the next one rebuilds. */
export function writeBuildRecord(recordDir: string, target: string, record: BuildRecord): void {
  mkdirSync(recordDir, { recursive: true });
  const file = recordFile(recordDir, target);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(partial, file);
}

export function removeBuildRecord(recordDir: string, target: string): void {
  rmSync(recordFile(recordDir, target), { force: true });
}

/** Removes the records of targets that no longer exist (a Lambda taken out). */
export function pruneBuildRecords(recordDir: string, targets: readonly string[]): void {
  const kept = new Set(targets.map((target) => path.basename(recordFile(recordDir, target))));
  let names: string[];
  try {
    names = readdirSync(recordDir);
  } catch {
    return;
  }
  for (const name of names) if (!kept.has(name)) rmSync(path.join(recordDir, name), { force: true });
}

/** What a file (absolute) holds: digestFile, or FileDigests.of (scripts/build-cache/file-digest.ts). */
export type Digest = (file: string) => string;

/** Every file under the output folders, relative to root, with its digest. */
export function digestOutputs(root: string, outputDirs: readonly string[], digest: Digest): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const dir of outputDirs) {
    for (const file of filesUnder(dir)) outputs[path.relative(root, file)] = digest(file);
  }
  return outputs;
}

/** The output folders hold exactly the files the record lists, each with the bytes it was written with. */
export function outputsIntact(
  root: string,
  record: BuildRecord,
  outputDirs: readonly string[],
  digest: Digest,
): boolean {
  const expected = Object.keys(record.outputs);
  if (expected.length === 0) return false;
  const present = outputDirs.flatMap((dir) => filesUnder(dir)).map((file) => path.relative(root, file));
  if (present.length !== expected.length) return false;
  return present.every(
    (file) => record.outputs[file] !== undefined && digest(path.join(root, file)) === record.outputs[file],
  );
}

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
}
