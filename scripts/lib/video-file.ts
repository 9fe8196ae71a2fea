import { statSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './cli-error';

// The file a person wants to upload: present, a regular non-empty file, a video by its extension.

/**
 * Video types by extension: the upload ticket accepts video/* only, and the pipeline's probe the
 * containers of common/media-containers.ts (so no .ogv: Ogg is not among MediaConvert's inputs).
 */
export const VIDEO_CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.mp4': 'video/mp4',
  '.m4v': 'video/x-m4v',
  '.mov': 'video/quicktime',
  '.qt': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.wmv': 'video/x-ms-wmv',
  '.flv': 'video/x-flv',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ts': 'video/mp2t',
  '.mts': 'video/mp2t',
  '.m2ts': 'video/mp2t',
  '.3gp': 'video/3gpp',
  '.3g2': 'video/3gpp2',
});

export function videoContentType(file: string): string | undefined {
  return VIDEO_CONTENT_TYPES[path.extname(file).toLowerCase()];
}

export interface VideoFile {
  path: string;
  name: string;
  size: number;
  /** When it was last modified: with the path and size, what a resume note recognises it by. */
  mtimeMs: number;
  contentType: string;
}

/** Checks the file before anything goes over the network; every refusal is one sentence. */
export function inspectVideoFile(file: string): VideoFile {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new CliError(`There is no file at ${file}.`);
  }
  if (!stats.isFile()) throw new CliError(`${file} is not a file.`);
  if (stats.size === 0) throw new CliError(`${file} is empty.`);
  const contentType = videoContentType(file);
  if (!contentType) {
    const known = Object.keys(VIDEO_CONTENT_TYPES).join(', ');
    throw new CliError(`${path.basename(file)} does not look like a video (its extension is not one of ${known}).`);
  }
  return { path: file, name: path.basename(file), size: stats.size, mtimeMs: stats.mtimeMs, contentType };
}
