import path from 'node:path';

export { LambdaError, LambdaRuntime } from './runtime';
export type { FunctionDefinition, LambdaRuntimeOptions } from './runtime';

/** The zip-ready bundle the build wrote for a function: the same file Lambda runs on AWS. */
export function lambdaBundlePath(name: string): string {
  return path.resolve(__dirname, '..', '..', 'build', 'functions', name, 'index.mjs');
}
