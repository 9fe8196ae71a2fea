// Builds the ffprobe Lambda layer's folder, build/layers/ffprobe/bin/ffprobe (/opt/bin/ffprobe once
// deployed), from the static binary that ships in the npm package @ffprobe-installer/linux-x64
// (an optional dependency through @ffprobe-installer/ffprobe). terraform/lambda.tf zips the folder;
// nothing is downloaded at apply time.
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
export const LAYER_DIR = path.join(root, 'build', 'layers', 'ffprobe');

export function ffprobeBinary(): string {
  let manifest: string;
  try {
    manifest = require.resolve('@ffprobe-installer/linux-x64/package.json', { paths: [root] });
  } catch {
    throw new Error('@ffprobe-installer/linux-x64 is not installed: it is an optional dependency that npm installs only on linux x64. Run npm install on linux x64 (the Lambda runs x86_64 linux).');
  }
  const binary = path.join(path.dirname(manifest), 'ffprobe');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: reinstall @ffprobe-installer/linux-x64`);
  return binary;
}

export function buildFfprobeLayer(): string {
  const target = path.join(LAYER_DIR, 'bin', 'ffprobe');
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(ffprobeBinary(), target);
  chmodSync(target, 0o755);
  return target;
}

if (require.main === module) {
  try {
    const target = buildFfprobeLayer();
    console.log(`ffprobe layer: ${path.relative(process.cwd(), target)} (${Math.round(statSync(target).size / 1e6)} MB)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
