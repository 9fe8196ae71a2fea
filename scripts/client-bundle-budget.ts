// How big the web client's entry may grow: the JavaScript a browser must fetch and run before any
// page shows (the entry chunk and the chunks it imports statically, which index.html lists), gzipped
// as it travels. Sign-in (Amplify UI and Amplify itself), the watch page's hls.js and the rest load
// when needed; a static import of them would land here and be noticed. The budget is 180 kB; the
// entry was 151 kB by this measure when it was set (311 kB while Amplify UI sat at the root). Raise
// it deliberately, with the reason in the commit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const CLIENT_ENTRY_BUDGET_BYTES = 180_000;

const clientDir = path.resolve(__dirname, '..', 'build', 'client');

/** The entry's JavaScript files in a built index.html: its module script and the modulepreloads. */
export function entryScripts(indexHtml: string): string[] {
  const tags = indexHtml.match(/<(script|link)\b[^>]*>/g) ?? [];
  return tags.flatMap((tag) => {
    const isEntry = /^<script\b/.test(tag) && /\btype="module"/.test(tag);
    const isPreload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag);
    const source = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    return (isEntry || isPreload) && source ? [source] : [];
  });
}

export interface ClientEntrySize {
  files: string[];
  gzipBytes: number;
  budgetBytes: number;
}

/** The built entry's gzipped size beside its budget; throws when build/client is missing (not built yet). */
export function clientEntrySize(dir = clientDir): ClientEntrySize {
  const files = entryScripts(readFileSync(path.join(dir, 'index.html'), 'utf8'));
  if (files.length === 0) throw new Error(`${path.join(dir, 'index.html')} names no module script.`);
  const gzipBytes = files.reduce(
    (total, file) => total + gzipSync(readFileSync(path.join(dir, file.replace(/^\//, '')))).length,
    0,
  );
  return { files, gzipBytes, budgetBytes: CLIENT_ENTRY_BUDGET_BYTES };
}

/** One line for the build's output, e.g. "152.3 kB gzipped of 180 kB (assets/index-….js)". */
export function describeClientEntrySize({ files, gzipBytes, budgetBytes }: ClientEntrySize): string {
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1).replace(/\.0$/, '')} kB`;
  return `  ${kB(gzipBytes)} gzipped of ${kB(budgetBytes)} (${files.map((file) => file.replace(/^\//, '')).join(', ')})${gzipBytes > budgetBytes ? '  OVER BUDGET' : ''}`;
}
