// The build folder holds only what the current targets write: a Lambda taken out, or a file left by
// something else (terraform's zips), is removed, as when every build started from an empty folder.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Removes everything under buildDir that is neither one of the kept paths nor a folder above one. */
export function removeStrayOutputs(buildDir: string, kept: readonly string[]): void {
  const keptPaths = kept.map((file) => path.resolve(file));
  const isKept = (file: string) => keptPaths.includes(file);
  const holdsKept = (dir: string) => keptPaths.some((file) => file.startsWith(`${dir}${path.sep}`));
  const visit = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      if (isKept(file)) continue;
      if (holdsKept(file)) visit(file);
      else rmSync(file, { recursive: true, force: true });
    }
  };
  visit(path.resolve(buildDir));
}
