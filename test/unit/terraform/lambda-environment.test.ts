import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import { handlerNames } from '../../../scripts/terraform/lambda-permissions';
import { handlerCalls, repoRoot } from '../../../scripts/terraform/sdk-calls';

// terraform/lambda.tf sets the env vars each handler reads, and no others; never a local endpoint.

/** Lambda sets these itself. */
const RESERVED = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME']);

async function envReads(name: string): Promise<{ required: string[]; all: string[] }> {
  const { sources } = await handlerCalls(name);
  const required = new Set<string>();
  const all = new Set<string>();
  for (const source of sources) {
    const text = readFileSync(path.join(repoRoot, source), 'utf8');
    for (const match of text.matchAll(/\b(requireEnv|numberEnv|optionalEnv)\(\s*'([A-Z0-9_]+)'/g)) {
      all.add(match[2]);
      if (match[1] === 'requireEnv') required.add(match[2]);
    }
  }
  return { required: [...required].filter((key) => !RESERVED.has(key)).sort(), all: [...all].sort() };
}

describe('terraform/lambda.tf environment', () => {
  let environment: Record<string, Record<string, string>>;
  beforeAll(async () => {
    const json = await parseHcl('lambda.tf', readFileSync(path.join(repoRoot, 'terraform', 'lambda.tf'), 'utf8'));
    environment = Object.assign({}, ...(json.locals as object[])).lambda_environment;
  });

  test.each(handlerNames())('%s gets every variable its handler requires, and only ones it reads', async (name) => {
    const { required, all } = await envReads(name);
    const keys = Object.keys(environment[name] ?? {}).sort();
    expect(required.filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !all.includes(key))).toEqual([]);
  });

  test('no AWS_ENDPOINT_URL_* on AWS: every client uses its regional endpoint, MediaConvert included', () => {
    const keys = Object.values(environment).flatMap((variables) => Object.keys(variables));
    expect(keys.filter((key) => key.startsWith('AWS_ENDPOINT_URL'))).toEqual([]);
  });

  test('process-upload finds ffprobe where the layer puts it', () => {
    expect(environment['process-upload'].FFPROBE_PATH).toBe('/opt/bin/ffprobe');
  });
});
