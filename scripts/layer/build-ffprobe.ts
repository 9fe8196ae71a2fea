// Builds the ffprobe Lambda layer's folder, build/layers/ffprobe/ (the layer Lambda unpacks under
// /opt): bin/ffprobe, a static musl build of FFmpeg's ffprobe from Debian's pinned sources
// (scripts/layer/ffprobe-recipe.ts says why), the CA bundle it verifies HTTPS with, and the licenses.
// Compiling takes about two minutes on two cores, so the binary is cached per machine, keyed by the
// recipe: later builds only copy it. terraform/lambda.tf zips the folder; the local cloud runs
// process-upload with exactly these files.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import { FFMPEG, FFMPEG_CONFIGURE_FLAGS, LAYER_LICENSE, MBEDTLS, type SourceArchive } from './ffprobe-recipe';

const root = path.resolve(__dirname, '..', '..');
export const LAYER_DIR = path.join(root, 'build', 'layers', 'ffprobe');
/** Where the layer's files sit relative to its root (/opt on Lambda). */
export const LAYER_FFPROBE = 'bin/ffprobe';
export const LAYER_CA_BUNDLE = 'etc/ssl/certs/ca-bundle.pem';

/** Bump when the build steps change in a way the recipe does not show. */
const BUILD_REVISION = 1;

export class LayerBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerBuildError';
  }
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIDEOPIPE_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'videopipe');
}

export function recipeKey(): string {
  const recipe = JSON.stringify({ BUILD_REVISION, MBEDTLS, FFMPEG, FFMPEG_CONFIGURE_FLAGS });
  return createHash('sha256').update(recipe).digest('hex').slice(0, 16);
}

function say(line: string): void {
  process.stderr.write(`ffprobe layer: ${line}\n`);
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function checkToolchain(): void {
  const missing = ['musl-gcc', 'make', 'tar', 'xz'].filter((tool) => !onPath(tool));
  if (missing.length === 0) return;
  throw new LayerBuildError(
    `building the ffprobe layer needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not on PATH. ` +
      'On Debian or Ubuntu: apt-get install musl-tools make xz-utils (once; the binary is then cached).',
  );
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The archive in the cache, downloaded and checked against the recipe's SHA-256 if need be. */
async function fetchSource(source: SourceArchive, dir: string): Promise<string> {
  const file = path.join(dir, path.basename(source.urls[0]));
  if (existsSync(file) && sha256File(file) === source.sha256) return file;
  mkdirSync(dir, { recursive: true });
  const failures: string[] = [];
  for (const url of source.urls) {
    say(`downloading ${source.name} ${source.version} from ${new URL(url).host}`);
    try {
      const response = await fetch(url);
      if (!response.ok) {
        failures.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (digest !== source.sha256) {
        failures.push(`${url}: SHA-256 ${digest}, not the recipe's ${source.sha256}`);
        continue;
      }
      const partial = `${file}.${process.pid}.part`;
      writeFileSync(partial, bytes);
      renameSync(partial, file);
      return file;
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new LayerBuildError(
    `could not download ${source.name} ${source.version}:\n  ${failures.join('\n  ')}\n` +
      `If Debian has replaced this version, update scripts/layer/ffprobe-recipe.ts with the one its archive lists (URL and SHA-256).`,
  );
}

/** Runs a build step with its output in the log; on failure, the log's tail says why. */
async function run(command: string, args: string[], cwd: string, log: string): Promise<void> {
  const out = createWriteStream(log, { flags: 'a' });
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', resolve);
  });
  await new Promise((resolve) => out.end(resolve));
  if (code !== 0) {
    const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    throw new LayerBuildError(
      `${command} ${args[0] ?? ''} failed (exit ${code}) in ${cwd}; the end of ${log}:\n${tail}`,
    );
  }
}

/** Unpacks an archive into dir and returns its one top-level folder. */
async function unpack(archive: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await promisify(execFile)('tar', ['-xf', archive, '-C', dir]);
  const [top, ...rest] = readdirSync(dir);
  if (!top || rest.length > 0) throw new LayerBuildError(`${archive} did not unpack into one folder`);
  return path.join(dir, top);
}

/** Compiles ffprobe into a new cache entry: the binary, its licenses and what it was built from. */
async function compile(entry: string, sources: string): Promise<void> {
  checkToolchain();
  const [mbedtlsArchive, ffmpegArchive] = [await fetchSource(MBEDTLS, sources), await fetchSource(FFMPEG, sources)];
  const work = mkdtempSync(path.join(path.dirname(entry), 'work-'));
  const log = path.join(work, 'build.log');
  const jobs = String(Math.max(1, os.availableParallelism()));
  try {
    const mbedtls = await unpack(mbedtlsArchive, path.join(work, 'mbedtls'));
    const ffmpeg = await unpack(ffmpegArchive, path.join(work, 'ffmpeg'));
    say(`compiling mbed TLS ${MBEDTLS.version} with musl`);
    await run('make', ['-C', 'library', `-j${jobs}`, 'CC=musl-gcc', 'CFLAGS=-O2', 'static'], mbedtls, log);
    say(
      `compiling ffprobe from FFmpeg ${FFMPEG.version} with musl (about 2 minutes on 2 cores; once per machine, then cached in ${path.dirname(entry)})`,
    );
    await run(
      './configure',
      [
        '--cc=musl-gcc',
        `--extra-cflags=-I${mbedtls}/include -Os`,
        `--extra-ldflags=-static -L${mbedtls}/library`,
        '--extra-libs=-lmbedtls -lmbedx509 -lmbedcrypto',
        ...FFMPEG_CONFIGURE_FLAGS,
      ],
      ffmpeg,
      log,
    );
    await run('make', [`-j${jobs}`, 'ffprobe'], ffmpeg, log);

    const staged = path.join(work, 'entry');
    mkdirSync(path.join(staged, 'licenses'), { recursive: true });
    cpSync(path.join(ffmpeg, 'ffprobe'), path.join(staged, 'ffprobe'));
    for (const [source, dir] of [
      [FFMPEG, ffmpeg],
      [MBEDTLS, mbedtls],
    ] as const) {
      for (const file of source.licenseFiles)
        cpSync(path.join(dir, file), path.join(staged, 'licenses', `${source.name}-${file}`));
    }
    writeFileSync(
      path.join(staged, 'SOURCES.txt'),
      [
        `ffprobe, ${LAYER_LICENSE}: FFmpeg ${FFMPEG.version} statically linked with musl and mbed TLS ${MBEDTLS.version} (Apache-2.0).`,
        "Built from these sources by videopipe's scripts/layer/build-ffprobe.ts:",
        ...[FFMPEG, MBEDTLS].map((source) => `  ${source.urls[0]}  sha256 ${source.sha256}`),
        `configure ${FFMPEG_CONFIGURE_FLAGS.join(' ')}`,
        '',
      ].join('\n'),
    );
    // Another build may have finished first; either copy is the same recipe's.
    if (!existsSync(entry)) renameSync(staged, entry);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The cached build for the current recipe, compiled first if this machine has none. */
export async function cachedFfprobe(): Promise<string> {
  const cache = cacheDir();
  const entry = path.join(cache, `ffprobe-${recipeKey()}`);
  if (!existsSync(path.join(entry, 'ffprobe'))) {
    mkdirSync(cache, { recursive: true });
    await compile(entry, path.join(cache, 'sources'));
  }
  return entry;
}

/** Fills build/layers/ffprobe from the cache; returns the path of its bin/ffprobe. */
export async function buildFfprobeLayer(): Promise<string> {
  const entry = await cachedFfprobe();
  rmSync(LAYER_DIR, { recursive: true, force: true });
  const binary = path.join(LAYER_DIR, LAYER_FFPROBE);
  mkdirSync(path.dirname(binary), { recursive: true });
  cpSync(path.join(entry, 'ffprobe'), binary);
  chmodSync(binary, 0o755);
  // Node's bundled Mozilla roots: the layer verifies HTTPS without relying on the host's store.
  mkdirSync(path.dirname(path.join(LAYER_DIR, LAYER_CA_BUNDLE)), { recursive: true });
  writeFileSync(path.join(LAYER_DIR, LAYER_CA_BUNDLE), `${rootCertificates.join('\n')}\n`);
  cpSync(path.join(entry, 'licenses'), path.join(LAYER_DIR, 'share', 'licenses', 'ffprobe'), { recursive: true });
  cpSync(path.join(entry, 'SOURCES.txt'), path.join(LAYER_DIR, 'share', 'licenses', 'ffprobe', 'SOURCES.txt'));
  return binary;
}

if (require.main === module) {
  buildFfprobeLayer()
    .then((binary) =>
      console.log(
        `ffprobe layer: ${path.relative(process.cwd(), binary)} (${(statSync(binary).size / 1e6).toFixed(1)} MB, static musl)`,
      ),
    )
    .catch((error: unknown) => {
      console.error(error instanceof LayerBuildError ? `ffprobe layer: ${error.message}` : error);
      process.exit(1);
    });
}
