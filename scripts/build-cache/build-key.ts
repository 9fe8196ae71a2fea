// A build target's cache key: one digest of everything that decides what the target writes. Two
// builds with the same key write the same files, so the second may be skipped.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface BuildKeyOptions {
  /** The repository: inputs are keyed by their path relative to it, so a moved checkout keeps its cache. */
  root: string;
  /** Everything besides files that decides the output: the bundler's options, tool versions, env. */
  recipe: unknown;
  /** Files of the build itself (its scripts, the lockfiles): keyed by content. */
  recipeFiles: readonly string[];
  /** The files the target read (esbuild's metafile, Vite's module graph), absolute or relative to root. */
  inputs: readonly string[];
  /** What each file (relative to the root, or absolute) holds (scripts/build-cache/file-digest.ts). */
  digests: { of(file: string): string };
}

/** Config files a bundler reads beside the sources it resolves (tsconfig paths and jsx, package.json sideEffects). */
const RESOLUTION_CONFIG_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

export function computeBuildKey(options: BuildKeyOptions): string {
  const { root, digests } = options;
  const relative = (file: string) => (path.isAbsolute(file) ? path.relative(root, file) : path.normalize(file));
  const hash = createHash('sha256');
  // NUL cannot occur in a path: each part is unambiguous.
  const add = (kind: string, name: string, value: string) => hash.update(`${kind}\0${name}\0${value}\n`);
  add('recipe', '', stableJson(options.recipe));
  for (const file of sortedUnique(options.recipeFiles.map(relative))) add('recipe file', file, digests.of(file));
  const inputs = sortedUnique(options.inputs.map(relative));
  for (const file of inputs) add('input', file, digests.of(file));
  // A new file beside a source can change what an import resolves to (./video.tsx before ./video.ts,
  // ./video/index.ts) without any input changing: the listing of each source folder is in the key.
  // Packages are covered by the lockfiles among the recipe files.
  const sourceDirs = sortedUnique(inputs.filter((file) => !isInPackage(file)).map((file) => path.dirname(file)));
  for (const dir of sourceDirs) add('listing', dir, listing(path.join(root, dir)).join('\0'));
  for (const dir of sortedUnique(sourceDirs.flatMap((dir) => ancestorsWithin(dir)))) {
    for (const name of RESOLUTION_CONFIG_FILES) {
      const file = path.join(dir, name);
      add('config', file, digests.of(file));
    }
  }
  return hash.digest('hex');
}

const IN_PACKAGE = new RegExp(`(^|\\${path.sep})node_modules\\${path.sep}`);

function isInPackage(file: string): boolean {
  return IN_PACKAGE.test(file);
}

/** dir and each folder above it up to the root ('.'); a folder outside the root only itself. */
function ancestorsWithin(dir: string): string[] {
  const dirs = [dir];
  if (dir.startsWith('..') || path.isAbsolute(dir)) return dirs;
  for (let current = dir; current !== '.';) {
    current = path.dirname(current);
    dirs.push(current);
  }
  return dirs;
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .map((entry) => `${entry.name}${entry.isDirectory() ? '/' : ''}`)
      .sort();
  } catch {
    return [];
  }
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** JSON with object keys sorted, so the same recipe always keys the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
