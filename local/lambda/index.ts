import { existsSync } from 'node:fs';
import path from 'node:path';

export { LambdaError, LambdaRuntime } from './runtime';
export type { FunctionDefinition, LambdaRuntimeOptions } from './runtime';

const buildDir = path.resolve(__dirname, '..', '..', 'build');

/** The zip-ready bundle the build wrote for a function: the same file Lambda runs on AWS. */
export function lambdaBundlePath(name: string): string {
  return path.join(buildDir, 'functions', name, 'index.mjs');
}

/**
 * A layer's file as a function sees it: Lambda unpacks layers under /opt, and locally /opt is the
 * layer's folder the build wrote (build/layers/<name>/), so `/opt/bin/ffprobe` is the very binary
 * AWS runs. Missing files stop the start with a sentence rather than failing every invocation.
 */
export function layerFile(layer: string, optPath: string): string {
  if (!optPath.startsWith('/opt/')) throw new Error(`${optPath} is not under /opt, where Lambda puts layers.`);
  const file = path.join(buildDir, 'layers', layer, optPath.slice('/opt/'.length));
  if (!existsSync(file))
    throw new Error(
      `${path.relative(process.cwd(), file)} is missing: run npm run build (it builds the ${layer} layer).`,
    );
  return file;
}
