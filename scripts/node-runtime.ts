// The Node.js every home runs. Here it is the exact `node` devDependency, which npm puts first on
// every script's PATH whatever the system's node is; on AWS it is Lambda's nodejs<major>.x
// (terraform/lambda.tf). test/unit/node-runtime.test.ts keeps the two, engines and @types/node in step.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const packageFile = path.resolve(__dirname, '..', 'package.json');

/** The major version of the pinned `node` devDependency. */
export function nodeMajor(): number {
  const manifest = JSON.parse(readFileSync(packageFile, 'utf8')) as { devDependencies?: Record<string, unknown> };
  const pinned = manifest.devDependencies?.node;
  const major = typeof pinned === 'string' ? /^(\d+)\.\d+\.\d+$/.exec(pinned)?.[1] : undefined;
  if (!major)
    throw new Error(`package.json must pin devDependencies.node to an exact version (got ${JSON.stringify(pinned)})`);
  return Number(major);
}

/** esbuild's target for the Lambda bundles: the Node they run on. */
export function esbuildNodeTarget(): string {
  return `node${nodeMajor()}`;
}
