import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeBuildKey, stableJson } from '../../../../scripts/build-cache/build-key';
import { FileDigests } from '../../../../scripts/build-cache/file-digest';

// The build cache's key: the same sources, tools and settings give the same key, and any change to
// one of them gives another (scripts/build-cache/build-key.ts).

const toolchain = {
  node: 'v22.23.3',
  platform: 'linux',
  arch: 'x64',
  esbuild: '0.28.2',
  vite: '8.4.0',
  rolldown: '1.3.3',
};

describe('the build key', () => {
  let root: string;

  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  // Every file read afresh (no ledger), as the first build does.
  const keyOf = (overrides: { recipe?: unknown; inputs?: string[]; recipeFiles?: string[]; at?: string } = {}) =>
    computeBuildKey({
      root: overrides.at ?? root,
      recipe: overrides.recipe ?? { toolchain, options: { format: 'esm' } },
      recipeFiles: overrides.recipeFiles ?? ['scripts/build.ts', 'package-lock.json'],
      inputs: overrides.inputs ?? ['src/handler.ts', 'src/lib/ladder.ts', 'node_modules/pkg/index.js'],
      digests: FileDigests.load(overrides.at ?? root),
    });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'videopipe-build-key-'));
    write('src/handler.ts', "import { ladder } from './lib/ladder';\nexport const handler = ladder;\n");
    write('src/lib/ladder.ts', 'export const ladder = [1080, 720];\n');
    write('node_modules/pkg/index.js', 'module.exports = 1;\n');
    write('scripts/build.ts', '// the build\n');
    write('package-lock.json', '{"lockfileVersion":3}\n');
    write('package.json', '{"name":"app"}\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('is the same for the same sources, whatever the order the bundler listed them in', () => {
    expect(keyOf()).toBe(keyOf());
    expect(keyOf({ inputs: ['node_modules/pkg/index.js', 'src/lib/ladder.ts', 'src/handler.ts'] })).toBe(keyOf());
    expect(
      keyOf({ inputs: [path.join(root, 'src/handler.ts'), 'src/lib/ladder.ts', 'node_modules/pkg/index.js'] }),
    ).toBe(keyOf());
  });

  test('is the same for a copy of the checkout elsewhere (paths are keyed relative to the root)', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'videopipe-build-key-copy-'));
    try {
      cpSync(root, copy, { recursive: true });
      expect(keyOf({ at: copy })).toBe(keyOf());
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('changes when a source changes, even by one byte', () => {
    const before = keyOf();
    write('src/lib/ladder.ts', 'export const ladder = [1080, 721];\n');
    expect(keyOf()).not.toBe(before);
  });

  test('changes when a package file the bundle read changes', () => {
    const before = keyOf();
    write('node_modules/pkg/index.js', 'module.exports = 2;\n');
    expect(keyOf()).not.toBe(before);
  });

  test('changes when a source is deleted', () => {
    const before = keyOf();
    rmSync(path.join(root, 'src/lib/ladder.ts'));
    expect(keyOf()).not.toBe(before);
  });

  test('changes when a file appears beside a source (an import may now resolve to it)', () => {
    const before = keyOf();
    write('src/lib/ladder.tsx', 'export const ladder = [];\n');
    expect(keyOf()).not.toBe(before);
  });

  test('changes when a tsconfig.json or package.json above a source appears or changes', () => {
    const before = keyOf();
    write('src/tsconfig.json', '{"compilerOptions":{"jsx":"react-jsx"}}\n');
    const withTsconfig = keyOf();
    expect(withTsconfig).not.toBe(before);
    write('package.json', '{"name":"app","sideEffects":false}\n');
    expect(keyOf()).not.toBe(withTsconfig);
  });

  test('does not change when a file appears in an unrelated folder or package', () => {
    const before = keyOf();
    write('test/handler.test.ts', '// a test\n');
    write('node_modules/pkg/README.md', 'docs\n');
    expect(keyOf()).toBe(before);
  });

  test('changes when the lockfile or the build script changes', () => {
    const before = keyOf();
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    const afterLockfile = keyOf();
    expect(afterLockfile).not.toBe(before);
    write('scripts/build.ts', '// the build, edited\n');
    expect(keyOf()).not.toBe(afterLockfile);
  });

  test.each([
    ['Node version', { node: 'v22.24.0' }],
    ['esbuild version', { esbuild: '0.28.3' }],
    ['Vite version', { vite: '8.4.1' }],
    ['Rolldown version', { rolldown: '1.3.4' }],
    ['CPU architecture', { arch: 'arm64' }],
  ])('changes with another %s', (_tool, change) => {
    expect(keyOf({ recipe: { toolchain: { ...toolchain, ...change }, options: { format: 'esm' } } })).not.toBe(keyOf());
  });

  test('changes with the bundler options and the environment the recipe names', () => {
    expect(keyOf({ recipe: { toolchain, options: { format: 'cjs' } } })).not.toBe(keyOf());
    expect(keyOf({ recipe: { toolchain, options: { format: 'esm' }, environment: { VITE_X: '1' } } })).not.toBe(
      keyOf(),
    );
  });

  test('changes when the bundler read another set of files', () => {
    expect(keyOf({ inputs: ['src/handler.ts', 'node_modules/pkg/index.js'] })).not.toBe(keyOf());
  });
});

describe('stableJson', () => {
  test('sorts object keys at every depth, and keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(stableJson({ a: 1, b: 2 })).toBe(stableJson({ b: 2, a: 1 }));
  });
});
