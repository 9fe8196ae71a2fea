// Builds the artifacts both homes run: every resolver and pipeline function as AppSync receives it
// (one ESM file, @aws-appsync/utils external, no inline source map) and every Lambda handler as a
// zip-ready folder (build/functions/<name>/index.mjs, handler "index.handler"), the ffprobe layer
// (build/layers/ffprobe/) and the web client (build/client/).
import { build } from 'esbuild';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadManifest, resolverCodePaths } from '../common/manifest';
import { clientEntrySize, describeClientEntrySize } from './client-bundle-budget';
import { buildFfprobeLayer, LayerBuildError } from './layer/build-ffprobe';
import { describeLambdaBundleSizes, lambdaBundleSizes } from './lambda-bundle-budget';
import { esbuildNodeTarget } from './node-runtime';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'build');

export async function buildResolvers(): Promise<string[]> {
  const entryPoints = resolverCodePaths(loadManifest()).map((file) => path.join(root, file));
  await build({
    entryPoints,
    outbase: root,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
    sourcemap: false,
    logLevel: 'warning',
  });
  return entryPoints;
}

export function lambdaNames(): string[] {
  const dir = path.join(root, 'functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'handler.ts')))
    .map((entry) => entry.name);
}

export async function buildLambdas(): Promise<string[]> {
  const names = lambdaNames();
  await Promise.all(
    names.map((name) =>
      build({
        entryPoints: [path.join(root, 'functions', name, 'handler.ts')],
        outfile: path.join(outDir, 'functions', name, 'index.mjs'),
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: esbuildNodeTarget(),
        // Packages' ES module builds first (the AWS SDK's dist-es): esbuild can drop what a handler
        // never uses from those, not from CommonJS. The SDK stays bundled, not taken from the
        // runtime, so both homes run the versions package-lock.json pins.
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(): give the ESM bundle one.
        banner: {
          js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        },
        sourcemap: 'linked',
        logLevel: 'warning',
      }),
    ),
  );
  return names;
}

/** The web client (Vite) into build/client/, served by the dev server and uploaded by Terraform. */
export async function buildClient(): Promise<void> {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'client', 'vite.config.mts'), logLevel: 'warn' });
}

async function main(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  const [resolvers, lambdas] = await Promise.all([
    buildResolvers(),
    buildLambdas(),
    buildClient(),
    buildFfprobeLayer(),
  ]);
  console.log(
    `built ${resolvers.length} resolver files, ${lambdas.length} Lambda bundles, the ffprobe layer and the web client into build/ in ${Date.now() - started} ms`,
  );
  // The sizes beside their budgets (test/unit/scripts/lambda-bundle-budget.test.ts and
  // client-bundle-budget.test.ts fail past one).
  console.log(`Lambda bundles:\n${describeLambdaBundleSizes(lambdaBundleSizes(lambdas))}`);
  console.log(`Web client entry:\n${describeClientEntrySize(clientEntrySize())}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(
      error instanceof LayerBuildError
        ? `ffprobe layer: ${error.message}`
        : error instanceof Error
          ? error.message
          : error,
    );
    process.exit(1);
  });
}
