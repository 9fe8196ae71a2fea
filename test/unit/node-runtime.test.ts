import { readFileSync } from 'node:fs';
import path from 'node:path';
import { esbuildNodeTarget, nodeMajor } from '../../scripts/node-runtime';
import { parseHcl } from '../../scripts/terraform/hcl-source';

// One Node.js everywhere: the tests run on the pinned `node` devDependency (npm puts it first on
// every script's PATH, so a machine whose system node is older still runs the right one), and it is
// the major Lambda runs, the one the bundles target, and the one engines and @types/node describe.

const root = path.resolve(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the Node.js version', () => {
  const major = nodeMajor();

  test('is 22, the major Lambda runs and the AWS SDK needs from 2027', () => {
    expect(major).toBe(22);
  });

  test('is the one running these tests, not the system node', () => {
    expect(process.versions.node).toBe(packageJson.devDependencies.node);
  });

  test('is the runtime every Lambda gets in terraform/lambda.tf', async () => {
    const json = await parseHcl('lambda.tf', readFileSync(path.join(root, 'terraform', 'lambda.tf'), 'utf8'));
    const locals = Object.assign({}, ...(json.locals as object[]));
    expect(locals.lambda_runtime).toBe(`nodejs${major}.x`);
  });

  test('is what engines, @types/node and the Lambda bundles target say', () => {
    expect(packageJson.engines.node).toBe(`>=${major}`);
    expect(packageJson.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`));
    expect(esbuildNodeTarget()).toBe(`node${major}`);
  });

  test('is allowed its install script, which is what puts the binary in node_modules/.bin', () => {
    expect(packageJson.allowScripts?.node).toBe(true);
  });
});
