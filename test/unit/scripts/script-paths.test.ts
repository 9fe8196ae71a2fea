import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Every project file the npm scripts and the deploy script name exists: a renamed script must not
// leave `npm run deploy` to find out on the day of a deployment.

const root = path.resolve(__dirname, '..', '..', '..');
const PROJECT_FILE = /\b(?:scripts|local|bench)\/[\w./-]+\.(?:ts|sh|mjs)\b/g;

function namedFiles(text: string): string[] {
  return [...new Set(text.match(PROJECT_FILE) ?? [])];
}

describe('files named by scripts', () => {
  const scripts = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;

  test.each(Object.entries(scripts))('npm run %s names only files that exist', (_name, command) => {
    for (const file of namedFiles(command))
      expect(`${file}: ${existsSync(path.join(root, file))}`).toBe(`${file}: true`);
  });

  test('scripts/terraform/deploy.sh names only files that exist', () => {
    const files = namedFiles(readFileSync(path.join(root, 'scripts', 'terraform', 'deploy.sh'), 'utf8'));
    expect(files).toContain('scripts/terraform/check.ts');
    for (const file of files) expect(`${file}: ${existsSync(path.join(root, file))}`).toBe(`${file}: true`);
  });
});
