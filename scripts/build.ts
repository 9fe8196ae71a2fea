// Builds the artifacts both homes run: every resolver and pipeline function as AppSync receives it
// (one ESM file, @aws-appsync/utils external, no inline source map) and every Lambda handler as a
// zip-ready folder (build/functions/<name>/index.mjs, handler "index.handler"), the ffprobe layer
// (build/layers/ffprobe/) and the web client (build/client/).
// Each of those is a target rebuilt only when what it is made from changed (scripts/build-cache/:
// keyed by content, recorded in build/.build-cache/); `npm run build -- --force` rebuilds them all.
import { build } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { loadManifest, resolverCodePaths } from '../common/manifest';
import { clientEntrySize, describeClientEntrySize } from './client-bundle-budget';
import { LAYER_DIR, buildFfprobeLayer, LayerBuildError, recipeKey } from './layer/build-ffprobe';
import { describeLambdaBundleSizes, lambdaBundleSizes } from './lambda-bundle-budget';
import { esbuildNodeTarget } from './node-runtime';
import { buildIfChanged } from './build-cache/build-if-changed';
import type { BuildOutcome, BuildTarget } from './build-cache/build-if-changed';
import { pruneBuildRecords } from './build-cache/build-record';
import { FileDigests } from './build-cache/file-digest';
import { removeStrayOutputs } from './build-cache/stray-outputs';
import { buildRecipeFiles, currentToolchain, moduleClosure } from './build-cache/toolchain';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'build');
/** The build cache: deleting it, or build/, makes the next build a full one (as --force does). */
const BUILD_CACHE_DIR = path.join(outDir, '.build-cache');
/** One record per target (scripts/build-cache/build-record.ts). */
const BUILD_RECORD_DIR = path.join(BUILD_CACHE_DIR, 'records');
/** The digests of the files the records name (scripts/build-cache/file-digest.ts). */
const FILE_DIGESTS = path.join(BUILD_CACHE_DIR, 'file-digests.json');
const RESOLVER_OUT_DIR = path.join(outDir, 'resolvers');
const CLIENT_DIR = path.join(root, 'client');

/** Runs esbuild with paths relative to the repository (so keys survive a moved checkout); says what it read and wrote. */
async function esbuildFromRoot(options: BuildOptions): Promise<Metafile> {
  const result = await build({ ...options, absWorkingDir: root, metafile: true });
  return result.metafile;
}

function resolverBuildOptions(): BuildOptions {
  return {
    entryPoints: resolverCodePaths(loadManifest()),
    outbase: '.',
    outdir: 'build',
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
    sourcemap: false,
    logLevel: 'warning',
  };
}

/** Every resolver and pipeline function the manifest names; resolves to the files they were made from. */
export async function buildResolvers(): Promise<string[]> {
  const metafile = await esbuildFromRoot(resolverBuildOptions());
  // The target owns build/resolvers/ alone, so the code must come from resolvers/.
  const strays = Object.keys(metafile.outputs).filter(
    (file) => !path.resolve(root, file).startsWith(`${RESOLVER_OUT_DIR}${path.sep}`),
  );
  if (strays.length > 0) throw new Error(`resolver code must sit under resolvers/ (built ${strays.join(', ')})`);
  return Object.keys(metafile.inputs);
}

export function lambdaNames(): string[] {
  const dir = path.join(root, 'functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'handler.ts')))
    .map((entry) => entry.name);
}

function lambdaBuildOptions(name: string): BuildOptions {
  return {
    entryPoints: [path.join('functions', name, 'handler.ts')],
    outfile: path.join('build', 'functions', name, 'index.mjs'),
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
  };
}

/** One Lambda's bundle; resolves to the files it was made from. */
export async function buildLambda(name: string): Promise<string[]> {
  return Object.keys((await esbuildFromRoot(lambdaBuildOptions(name))).inputs);
}

/** Collects every module of the client's graph, tree-shaken ones included: any of them may change the output. */
function recordModuleGraph(into: string[]): Plugin {
  return {
    name: 'videopipe:record-module-graph',
    buildEnd() {
      for (const id of this.getModuleIds()) {
        // Plugins' virtual modules start with \0 and are keyed through the tool versions; a query
        // (?worker, ?url) names the same file.
        if (path.isAbsolute(id)) into.push(id.replace(/\?.*$/, ''));
      }
    },
  };
}

/** The web client (Vite) into build/client/, served by the dev server and uploaded by Terraform; resolves to the files it read. */
export async function buildClient(): Promise<string[]> {
  const { build: viteBuild } = await import('vite');
  const graph: string[] = [];
  await viteBuild({
    configFile: path.join(CLIENT_DIR, 'vite.config.mts'),
    logLevel: 'warn',
    plugins: [recordModuleGraph(graph)],
  });
  return graph;
}

/** Vite reads VITE_* variables (and NODE_ENV) into the bundle. */
function clientEnvironment(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.startsWith('VITE_') || name === 'NODE_ENV'),
  );
}

/**
 * CSS tooling config Vite looks for from client/ up, outside the module graph: here or absent, keyed
 * either way (the root package.json's "postcss" and "browserslist" fields are keyed with it).
 */
const CSS_CONFIG_FILES = [
  ...['js', 'cjs', 'mjs', 'ts', 'cts', 'mts'].map((extension) => `postcss.config.${extension}`),
  ...['', '.json', '.yaml', '.yml', '.js', '.cjs', '.mjs', '.ts'].map((extension) => `.postcssrc${extension}`),
  '.browserslistrc',
  'browserslist',
];

/** Every file under client/ (its config, index.html, public/, any .env file), whatever the last graph held, and CSS_CONFIG_FILES above it. */
function clientFiles(): string[] {
  return [
    ...readdirSync(CLIENT_DIR, { withFileTypes: true, recursive: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => path.join(entry.parentPath, entry.name)),
    ...CSS_CONFIG_FILES.map((name) => path.join(root, name)),
  ];
}

function buildTargets(): Array<BuildTarget & { description: string }> {
  const toolchain = currentToolchain(root);
  const resolvers = resolverBuildOptions();
  return [
    {
      name: 'resolvers',
      description: `${(resolvers.entryPoints as string[]).length} resolver files`,
      outputDirs: [RESOLVER_OUT_DIR],
      recipe: { toolchain, options: resolvers },
      build: buildResolvers,
    },
    ...lambdaNames().map((name) => ({
      name: `lambda-${name}`,
      description: `the ${name} Lambda`,
      outputDirs: [path.join(outDir, 'functions', name)],
      recipe: { toolchain, options: lambdaBuildOptions(name) },
      build: () => buildLambda(name),
    })),
    {
      name: 'client',
      description: 'the web client',
      outputDirs: [path.join(outDir, 'client')],
      recipe: { toolchain, environment: clientEnvironment() },
      fixedInputs: clientFiles,
      build: buildClient,
    },
    {
      name: 'ffprobe-layer',
      description: 'the ffprobe layer',
      outputDirs: [LAYER_DIR],
      // The binary comes from the per-machine cache, keyed by its recipe; the CA bundle is Node's.
      recipe: {
        toolchain,
        ffprobe: recipeKey(),
        caBundle: createHash('sha256').update(rootCertificates.join('\n')).digest('hex'),
      },
      build: async () => {
        await buildFfprobeLayer();
        return [];
      },
    },
  ];
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `npm run build`, and the first step of `npm start`: every target whose key or outputs say so (all with `force`). */
export async function runBuild({ force = false }: { force?: boolean } = {}): Promise<void> {
  const started = Date.now();
  const targets = buildTargets();
  const context = {
    root,
    recordDir: BUILD_RECORD_DIR,
    // This module and what it imports, whichever entry point (npm run build, npm start) loaded it.
    recipeFiles: buildRecipeFiles(root, moduleClosure(module)),
    digests: FileDigests.load(root, FILE_DIGESTS, { reuse: !force }),
    force,
  };
  removeStrayOutputs(outDir, [...targets.flatMap((target) => target.outputDirs), BUILD_RECORD_DIR, FILE_DIGESTS]);
  pruneBuildRecords(
    BUILD_RECORD_DIR,
    targets.map((target) => target.name),
  );
  const outcomes = await Promise.all(targets.map((target) => buildIfChanged(target, context)));
  context.digests.save();
  const described = (outcome: BuildOutcome) =>
    targets.filter((_, index) => outcomes[index] === outcome).map((target) => target.description);
  const built = described('built');
  const upToDate = described('up to date');
  console.log(
    [
      built.length > 0 ? `built ${list(built)} into build/` : 'build/ is up to date',
      upToDate.length > 0 && built.length > 0 ? `; up to date: ${list(upToDate)}` : '',
      ` (${Date.now() - started} ms)`,
    ].join(''),
  );
  // The sizes beside their budgets (test/unit/scripts/lambda-bundle-budget.test.ts and
  // client-bundle-budget.test.ts fail past one).
  console.log(`Lambda bundles:\n${describeLambdaBundleSizes(lambdaBundleSizes(lambdaNames()))}`);
  console.log(`Web client entry:\n${describeClientEntrySize(clientEntrySize())}`);
}

/** A failed build in one line: the ffprobe layer's own reason, or the error's message. */
export function describeBuildError(error: unknown): string {
  if (error instanceof LayerBuildError) return `ffprobe layer: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  runBuild({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(describeBuildError(error));
    process.exit(1);
  });
}
