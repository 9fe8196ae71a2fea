import { readFileSync } from 'node:fs';
import path from 'node:path';
import { version as esbuildVersion } from 'esbuild';
import { buildRecipeFiles, currentToolchain, moduleClosure } from '../../../../scripts/build-cache/toolchain';

// The tools and files every build target's key includes besides its sources.

const root = path.resolve(__dirname, '..', '..', '..', '..');
const versionOf = (manifest: string) => (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;

describe('the toolchain in the build key', () => {
  test('names the running Node and the installed esbuild, Vite and Rolldown', () => {
    expect(currentToolchain(root)).toEqual({
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      esbuild: esbuildVersion,
      vite: versionOf(path.join(root, 'node_modules', 'vite', 'package.json')),
      rolldown: versionOf(
        require.resolve('rolldown/package.json', { paths: [path.join(root, 'node_modules', 'vite')] }),
      ),
    });
  });

  test('moduleClosure: a module and every module it imports, directly or not, once each', () => {
    const leaf = { filename: '/repo/common/manifest.ts', children: [] };
    const shared = { filename: '/repo/scripts/node-runtime.ts', children: [leaf] };
    const entry = {
      filename: '/repo/scripts/build.ts',
      children: [shared, { filename: '/repo/scripts/build-cache/build-key.ts', children: [shared] }],
    };
    // A cycle, as CommonJS allows.
    leaf.children.push(entry as never);
    expect(moduleClosure(entry as unknown as NodeJS.Module).sort()).toEqual([
      '/repo/common/manifest.ts',
      '/repo/scripts/build-cache/build-key.ts',
      '/repo/scripts/build.ts',
      '/repo/scripts/node-runtime.ts',
    ]);
  });

  test("the build's own files: its modules outside node_modules, the manifest and both lockfiles", () => {
    const loaded = [
      path.join(root, 'scripts', 'build.ts'),
      path.join(root, 'scripts', 'build-cache', 'build-key.ts'),
      path.join(root, 'node_modules', 'esbuild', 'lib', 'main.js'),
      path.join(path.dirname(root), 'elsewhere', 'module.js'),
    ];
    expect(buildRecipeFiles(root, loaded)).toEqual([
      path.join(root, 'scripts', 'build.ts'),
      path.join(root, 'scripts', 'build-cache', 'build-key.ts'),
      'package.json',
      'package-lock.json',
      path.join('node_modules', '.package-lock.json'),
    ]);
  });
});
