import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../appsync/manifest';

export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** The zip-ready bundle the build wrote for a function: the same file Lambda runs on AWS. */
export function lambdaBundlePath(name: string): string {
  return path.join(repoRoot, 'build', 'functions', name, 'index.mjs');
}

/**
 * Imports a function's bundle in-process. Its env vars are set first, because handlers read their
 * configuration once at module load, as on Lambda.
 */
export async function loadLambdaHandler(name: string, env: Record<string, string>): Promise<Handler> {
  const file = lambdaBundlePath(name);
  if (!existsSync(file)) {
    throw new Error(`Lambda bundle ${path.relative(repoRoot, file)} is missing: run npm run build`);
  }
  Object.assign(process.env, env);
  const module = (await import(pathToFileURL(file).href)) as { handler?: Handler };
  if (typeof module.handler !== 'function') {
    throw new Error(`${path.relative(repoRoot, file)} does not export a handler function`);
  }
  return module.handler;
}
