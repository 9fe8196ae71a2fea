import { readFileSync } from 'node:fs';
import path from 'node:path';

// Content types and caching of the client's files come from terraform/web-files.json, which
// Terraform reads for its uploads too: the browser gets the same headers from both homes.

interface WebFilesDefinition {
  contentTypes: Record<string, string>;
  cacheControl: { immutableDir: string; immutable: string; other: string };
}

const definition = JSON.parse(
  readFileSync(path.resolve(__dirname, '..', '..', 'terraform', 'web-files.json'), 'utf8'),
) as WebFilesDefinition;

/** The Content-Type for a file path (relative or absolute), by its extension. */
export function contentTypeFor(file: string): string {
  const extension = path.extname(file).slice(1).toLowerCase();
  return definition.contentTypes[extension] ?? 'application/octet-stream';
}

/** Cache-Control for a file by its path relative to the build root ("assets/app-abc.js"). */
export function cacheControlFor(relativePath: string): string {
  const normalized = relativePath.split(path.sep).join('/');
  return normalized.startsWith(definition.cacheControl.immutableDir)
    ? definition.cacheControl.immutable
    : definition.cacheControl.other;
}
