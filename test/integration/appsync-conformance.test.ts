// AWS's own EvaluateCode outputs (test/fixtures/appsync/evaluate-code-outputs.json, copied from the
// team's recorded ground truth), each case run through
// the local APPSYNC_JS runtime exactly as the file's `how` describes, and matched exactly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { compileResolverCode, evaluateHandler } from '../../local/appsync/runtime';

interface ConformanceCase {
  name: string;
  expression: string;
  expected: unknown;
}

const file = path.resolve(__dirname, '../fixtures/appsync/evaluate-code-outputs.json');
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: ConformanceCase[] };

/** The case as a resolver file, bundled the way the build bundles resolvers. */
function bundle(expression: string): string {
  const source = `import { util } from "@aws-appsync/utils"; import * as ddb from "@aws-appsync/utils/dynamodb"; export function request(ctx) { return ${expression}; }`;
  const [output] = buildSync({
    stdin: { contents: source, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
    logLevel: 'silent',
  }).outputFiles;
  if (!output)
    throw new Error(`esbuild bundled "${expression}" into no file (with write: false it returns the bundle).`);
  return output.text;
}

describe('APPSYNC_JS conformance with AWS EvaluateCode', () => {
  test('the file holds the 24 recorded cases', () => {
    expect(cases).toHaveLength(24);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const code = compileResolverCode(bundle(testCase.expression), `${testCase.name}.js`);
    const outcome = evaluateHandler(code, 'request', { arguments: {} });
    expect(outcome.error).toBeUndefined();
    expect(outcome.runtimeError).toBeUndefined();
    expect(outcome.result).toEqual(testCase.expected);
    if (typeof testCase.expected === 'string') expect(typeof outcome.result).toBe('string');
  });
});
