import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'build', '.data', '.git', 'coverage', 'dist']);

/** codegen.yml and every GraphQL document it may read, with their paths. */
function codegenInputs(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return codegenInputs(file);
    return /\.(graphql|gql)$/.test(entry.name) || file === path.join(root, 'codegen.yml') ? [file] : [];
  });
}

function generatedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('generated types', () => {
  test('generated/ is what codegen.yml produces from the schema today (run `npm run codegen` if not)', () => {
    // Prepare: the inputs alone in a scratch copy, so the committed outputs stay untouched.
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'videopipe-codegen-'));
    for (const file of codegenInputs()) cpSync(file, path.join(scratch, path.relative(root, file)));
    // codegen resolves its plugins from the working directory.
    symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    try {
      // Act
      execFileSync(
        path.join(root, 'node_modules', '.bin', 'graphql-codegen'),
        ['--config', 'codegen.yml', '--silent'],
        { cwd: scratch, stdio: 'pipe' },
      );
      // Assess
      const outputs = generatedFiles(path.join(scratch, 'generated'));
      expect(outputs.sort()).toEqual(generatedFiles(path.join(root, 'generated')).sort());
      for (const output of outputs) {
        const fresh = readFileSync(path.join(scratch, 'generated', output), 'utf8');
        expect({ output, content: readFileSync(path.join(root, 'generated', output), 'utf8') }).toEqual({
          output,
          content: fresh,
        });
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
