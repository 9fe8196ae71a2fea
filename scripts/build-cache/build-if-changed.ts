// Runs one build target only when its key differs from the last build's, or its outputs are not
// exactly the ones that build wrote. A target owns its output folders: they are emptied before it
// builds and must hold nothing else afterwards.
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { computeBuildKey } from './build-key';
import { digestOutputs, outputsIntact, readBuildRecord, removeBuildRecord, writeBuildRecord } from './build-record';
import type { FileDigests } from './file-digest';

export interface BuildTarget {
  /** Names its record: <record folder>/<name>.json. */
  name: string;
  /** Absolute folders the target writes, and nothing else. */
  outputDirs: string[];
  /** Everything besides files that decides the output (see BuildKeyOptions.recipe). */
  recipe: unknown;
  /** Files the target reads whatever its last build says: a config file, a folder of assets. */
  fixedInputs?: () => string[];
  /** Builds into the (emptied) output folders; resolves to the files it read. */
  build: () => Promise<string[]>;
}

export interface BuildCacheContext {
  root: string;
  /** Where the records live. */
  recordDir: string;
  /** The build's own files (see BuildKeyOptions.recipeFiles). */
  recipeFiles: readonly string[];
  digests: FileDigests;
  /** Build whatever the records say (npm run build -- --force). */
  force?: boolean;
}

export type BuildOutcome = 'built' | 'up to date';

/**
 * File times come from the kernel's coarse clock, a tick (up to 10 ms) behind Date.now(): a file
 * saved just after the build began may carry a time just before it.
 */
const FILE_CLOCK_SLACK_MS = 50;

export async function buildIfChanged(target: BuildTarget, context: BuildCacheContext): Promise<BuildOutcome> {
  const { root, recordDir } = context;
  const digest = (file: string) => context.digests.of(file);
  const keyOf = (inputs: readonly string[]) =>
    computeBuildKey({
      root,
      recipe: target.recipe,
      recipeFiles: context.recipeFiles,
      inputs: [...inputs, ...(target.fixedInputs?.() ?? [])],
      digests: context.digests,
    });
  const started = Date.now() - FILE_CLOCK_SLACK_MS;
  const last = context.force ? undefined : readBuildRecord(recordDir, target.name);
  if (last && keyOf(last.inputs) === last.key && outputsIntact(root, last, target.outputDirs, digest))
    return 'up to date';

  removeBuildRecord(recordDir, target.name);
  for (const dir of target.outputDirs) rmSync(dir, { recursive: true, force: true });
  const inputs = (await target.build()).map((file) => path.relative(root, path.resolve(root, file)));
  // A source saved (or moved into place) while the bundler ran may be in the output as it was
  // before: keyed by its new bytes it would never be rebuilt. Such a build is left unrecorded, so
  // the next one runs again. The change time, which any write or rename moves, tells.
  if (
    editedSince(
      started,
      [...inputs, ...(target.fixedInputs?.() ?? [])].map((file) => path.resolve(root, file)),
    )
  )
    return 'built';
  writeBuildRecord(recordDir, target.name, {
    key: keyOf(inputs),
    inputs,
    outputs: digestOutputs(root, target.outputDirs, digest),
  });
  return 'built';
}

function editedSince(started: number, files: string[]): boolean {
  return files.some((file) => {
    try {
      return statSync(file).ctimeMs >= started;
    } catch {
      return false;
    }
  });
}
