import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadLambdaSettings } from '../../../local/lambda/settings';
import { handlerNames } from '../../../scripts/terraform/lambda-permissions';
import { handlerCalls, repoRoot } from '../../../scripts/terraform/sdk-calls';

// terraform/lambdas.json gives each Lambda the env vars its handler reads, and no others; never a
// local endpoint. Both homes set exactly the variables the table names (test/unit/terraform/lambdas.test.ts).

/** Lambda sets these itself. */
const RESERVED = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME']);

async function envReads(name: string): Promise<{ required: string[]; all: string[] }> {
  const { sources } = await handlerCalls(name);
  const required = new Set<string>();
  const all = new Set<string>();
  for (const source of sources) {
    const text = readFileSync(path.join(repoRoot, source), 'utf8');
    for (const match of text.matchAll(/\b(requireEnv|numberEnv|optionalEnv)\(\s*'([A-Z0-9_]+)'/g)) {
      const key = match[2]!; // both of the pattern's groups take part in every match
      all.add(key);
      if (match[1] === 'requireEnv') required.add(key);
    }
  }
  return { required: [...required].filter((key) => !RESERVED.has(key)).sort(), all: [...all].sort() };
}

/** Each Lambda's variables as lambdas.json names them: those each home supplies, and the layer files. */
const environment = Object.fromEntries(
  loadLambdaSettings().map((lambda) => [lambda.name, [...lambda.environment, ...Object.keys(lambda.layerFiles)]]),
);

describe('terraform/lambdas.json environment', () => {
  test.each(handlerNames())('%s gets every variable its handler requires, and only ones it reads', async (name) => {
    const { required, all } = await envReads(name);
    const keys = [...(environment[name] ?? [])].sort();
    expect(required.filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !all.includes(key))).toEqual([]);
  });

  test('no AWS_ENDPOINT_URL_* on AWS: every client uses its regional endpoint, MediaConvert included', () => {
    const keys = Object.values(environment).flat();
    expect(keys.filter((key) => key.startsWith('AWS_ENDPOINT_URL'))).toEqual([]);
  });

  test('process-upload finds ffprobe where the layer puts it', () => {
    const processUpload = loadLambdaSettings().find((lambda) => lambda.name === 'process-upload');
    expect(processUpload?.layers).toEqual(['ffprobe']);
    expect(processUpload?.layerFiles.FFPROBE_PATH).toBe('/opt/bin/ffprobe');
  });
});
