import { statSync } from 'node:fs';
import path from 'node:path';
import { VIDEO_FILE_TYPES, videoContentTypeOf } from '../../common/video-file-types';
import { CliError } from './cli-error';

// The file a person wants to upload: present, a regular non-empty file, a video by its extension
// (common/video-file-types.ts: the containers the pipeline's probe takes, so no .ogv).

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
  const contentType = videoContentTypeOf(file);
  if (!contentType) {
    const known = Object.keys(VIDEO_FILE_TYPES).join(', ');
    throw new CliError(`${path.basename(file)} does not look like a video (its extension is not one of ${known}).`);
  }
  return { path: file, name: path.basename(file), size: stats.size, mtimeMs: stats.mtimeMs, contentType };
}
