import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { layerFile } from '../lambda';

// Where the local MediaConvert's ffmpeg and ffprobe are: FFMPEG_PATH/FFPROBE_PATH when set, else the
// system's on PATH, else ffmpeg from the @ffmpeg-installer npm package (4.1: the executor avoids what
// it lacks, such as -master_pl_name) and the Lambda layer's ffprobe. (process-upload always runs the
// layer's ffprobe, as on AWS.)

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function fromPackage(name: string): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const found = (require(name) as { path?: string }).path;
    return found && isExecutable(found) ? found : null;
  } catch {
    return null;
  }
}

function fromLayer(): string | null {
  try {
    return layerFile('ffprobe', '/opt/bin/ffprobe');
  } catch {
    return null;
  }
}

function resolveBinary(tool: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv): string {
  const variable = tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
  const configured = env[variable];
  if (configured) return configured;
  const found = onPath(tool) ?? (tool === 'ffmpeg' ? fromPackage('@ffmpeg-installer/ffmpeg') : fromLayer());
  if (!found) throw new Error(`${tool} was not found: install it (apt-get install ffmpeg) or set ${variable}.`);
  return found;
}

export function resolveFfmpegBinaries(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  return { ffmpeg: resolveBinary('ffmpeg', env), ffprobe: resolveBinary('ffprobe', env) };
}
