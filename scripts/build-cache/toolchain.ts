// The tools a build runs with, as part of every target's key: another Node, esbuild or Vite may
// write other bytes from the same sources. (The lockfiles are keyed too; these name the versions
// actually running, whatever the lockfile says.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { version as esbuildVersion } from 'esbuild';

export interface Toolchain {
  node: string;
  platform: string;
  arch: string;
  esbuild: string;
  vite: string;
  rolldown: string;
}

/** The version of the package `from` resolves (its own package.json, not the lockfile's word). */
function installedVersion(pkg: string, from: string): string {
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [from] });
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  if (!version) throw new Error(`${manifest} names no version`);
  return version;
}

export function currentToolchain(root: string): Toolchain {
  const viteDir = path.dirname(require.resolve('vite/package.json', { paths: [root] }));
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    esbuild: esbuildVersion,
    vite: installedVersion('vite', root),
    // Vite 8 bundles with Rolldown: the one Vite itself resolves.
    rolldown: installedVersion('rolldown', viteDir),
  };
}

/** The files of a CommonJS module and of every module it imports, directly or not. */
export function moduleClosure(entry: NodeJS.Module): string[] {
  const seen = new Set<NodeJS.Module>();
  const visit = (current: NodeJS.Module) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const child of current.children) visit(child);
  };
  visit(entry);
  return [...seen].map((current) => current.filename);
}

/**
 * The build's own files: its modules in the repository (the build script and what it imports,
 * whoever adds an import; moduleClosure gives them), the package manifest and the lockfiles, the
 * hidden one (node_modules/.package-lock.json) being what is actually installed.
 */
export function buildRecipeFiles(root: string, modules: readonly string[]): string[] {
  const own = modules.filter(
    (file) => !path.relative(root, file).startsWith('..') && !file.split(path.sep).includes('node_modules'),
  );
  return [...own, 'package.json', 'package-lock.json', path.join('node_modules', '.package-lock.json')];
}
