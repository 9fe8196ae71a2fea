import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ratePeriodMs } from '../../../local/events/schedule';
import { buildFunctionDefinition, LAMBDA_SETTING_FIELDS, loadLambdaSettings } from '../../../local/lambda/settings';
import { LOCAL_STATUS_UPDATE_INTERVAL_SECONDS, localLambdaEnvironmentValues } from '../../../local/lambda-environment';
import { DEFAULT_PIPELINE_LIMITS, PIPELINE_LIMIT_VARIABLES } from '../../../common/constants/pipeline-limits';
import { DEFAULT_UPLOAD_LIMITS, UPLOAD_LIMIT_VARIABLES } from '../../../common/constants/upload-limits';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import { handlerNames } from '../../../scripts/terraform/lambda-permissions';
import { repoRoot } from '../../../scripts/terraform/sdk-calls';
import { present } from '../../support/present';

// terraform/lambdas.json is the one table of the Lambdas' settings: Terraform and local/lambda both
// read every field of it, and each home gives a value to exactly the env vars it names, so a
// setting or a variable added to one home alone fails here.

const lambdas = loadLambdaSettings();
const tableVariables = [...new Set(lambdas.flatMap((lambda) => lambda.environment))].sort();

function terraformText(file: string): string {
  return readFileSync(path.join(repoRoot, 'terraform', file), 'utf8');
}

/** The value of `local.<name>`, an object, in a file of terraform/. */
async function terraformLocal(file: string, name: string): Promise<Record<string, unknown>> {
  const json = await parseHcl(file, terraformText(file));
  const locals: Record<string, Record<string, unknown> | undefined> = Object.assign({}, ...(json.locals as object[]));
  return present(locals[name], `local.${name} in terraform/${file}`);
}

const localValues = localLambdaEnvironmentValues({
  tableName: 'videos',
  rawBucket: 'raw',
  playbackBucket: 'playback',
  uploadLimits: DEFAULT_UPLOAD_LIMITS,
  mediaConvertRoleArn: 'arn:aws:iam::000000000000:role/videopipe-mediaconvert',
  appsyncUrl: 'http://127.0.0.1:1/graphql',
  playbackBaseUrl: 'http://127.0.0.1:2',
  playbackDistributionId: 'ELOCALPLAYBACK',
  uploadsQueueUrl: 'http://127.0.0.1:3/000000000000/uploads',
  limits: DEFAULT_PIPELINE_LIMITS,
});

describe('terraform/lambdas.json', () => {
  test('has one row per functions/<name>/handler.ts', () => {
    expect(lambdas.map((lambda) => lambda.name).sort()).toEqual(handlerNames());
  });

  test.each([...LAMBDA_SETTING_FIELDS])('Terraform reads the field %s', (field) => {
    const text = ['lambda.tf', 'events.tf'].map(terraformText).join('\n');
    expect(text).toMatch(new RegExp(`\\.${field}\\b`));
  });

  test('a field the local cloud does not apply stops it from loading the table', () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-lambdas-'));
    const file = path.join(dir, 'lambdas.json');
    const { name, ...row } = present(lambdas[0], 'a row in terraform/lambdas.json');
    writeFileSync(file, JSON.stringify({ [name]: { ...row, reservedConcurrency: 1 } }));
    try {
      // Act / Assess
      expect(() => loadLambdaSettings(file)).toThrow(
        `terraform/lambdas.json: ${name} sets reservedConcurrency, which the local cloud does not apply`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Terraform and the local cloud each give a value to exactly the variables the table names', async () => {
    const aws = Object.keys(await terraformLocal('lambda.tf', 'lambda_environment_values')).sort();
    expect(aws).toEqual(tableVariables);
    expect(Object.keys(localValues).sort()).toEqual(tableVariables);
  });

  test("the local values of Terraform's variables are their defaults", async () => {
    const variables = (await parseHcl('variables.tf', terraformText('variables.tf'))).variable as unknown as Record<
      string,
      Array<{ default: unknown }>
    >;
    expect(LOCAL_STATUS_UPDATE_INTERVAL_SECONDS).toBe(variables.status_update_interval_seconds?.[0]?.default);
    // Each limit's variable is its env var in lower case, and its default the local cloud's.
    const defaults: Record<string, number> = { ...DEFAULT_PIPELINE_LIMITS, ...DEFAULT_UPLOAD_LIMITS };
    for (const [limit, variable] of Object.entries({ ...PIPELINE_LIMIT_VARIABLES, ...UPLOAD_LIMIT_VARIABLES })) {
      expect({ variable, default: variables[variable.toLowerCase()]?.[0]?.default }).toEqual({
        variable,
        default: defaults[limit],
      });
    }
  });

  test('each limit reaches the Lambdas under its variable, from the same value in both homes', async () => {
    const aws = await terraformLocal('lambda.tf', 'lambda_environment_values');
    for (const variable of [...Object.values(PIPELINE_LIMIT_VARIABLES), ...Object.values(UPLOAD_LIMIT_VARIABLES)]) {
      expect({ variable, aws: aws[variable] }).toEqual({
        variable,
        aws: `\${tostring(var.${variable.toLowerCase()})}`,
      });
      expect(tableVariables).toContain(variable);
    }
  });

  test('every layer a row names is one Terraform publishes', async () => {
    const published = Object.keys(await terraformLocal('lambda.tf', 'lambda_layers'));
    expect(
      [...new Set(lambdas.flatMap((lambda) => lambda.layers))].filter((layer) => !published.includes(layer)),
    ).toEqual([]);
  });

  test.each(lambdas)('$name: handler, timeout and memory as Lambda accepts them', (lambda) => {
    expect(lambda.handler).toMatch(/^[^.]+\.[A-Za-z_$][\w$.]*$/);
    expect(Number.isInteger(lambda.timeoutSeconds) && lambda.timeoutSeconds >= 1 && lambda.timeoutSeconds <= 900).toBe(
      true,
    );
    expect(Number.isInteger(lambda.memorySizeMb) && lambda.memorySizeMb >= 128 && lambda.memorySizeMb <= 10240).toBe(
      true,
    );
  });

  test('uploads answers AppSync within its 30 s limit on a request', () => {
    expect(lambdas.find((lambda) => lambda.name === 'uploads')?.timeoutSeconds).toBeLessThanOrEqual(30);
  });

  test('the watchdog runs on a schedule both homes can run', () => {
    const scheduled = lambdas.filter((lambda) => lambda.schedule);
    expect(scheduled.map((lambda) => lambda.name)).toEqual(['watchdog']);
    expect(ratePeriodMs(present(scheduled[0], 'the scheduled Lambda').schedule as string)).toBe(5 * 60_000);
  });

  test.each(lambdas.filter((lambda) => lambda.layers.length === 0))(
    '$name runs locally with its settings and exactly its variables',
    (lambda) => {
      // Act
      const definition = buildFunctionDefinition(lambda, { values: localValues, shared: { AWS_REGION: 'us-east-1' } });
      // Assess
      expect(definition).toMatchObject({
        bundle: path.join(repoRoot, 'build', 'functions', lambda.name, 'index.mjs'),
        exportPath: 'handler',
        timeoutSeconds: lambda.timeoutSeconds,
        memorySizeMb: lambda.memorySizeMb,
      });
      expect(Object.keys(definition.env).sort()).toEqual(['AWS_REGION', ...lambda.environment].sort());
    },
  );

  test('a variable the local cloud has no value for stops the start, naming it', () => {
    const watchdog = { ...lambdas.find((lambda) => lambda.name === 'watchdog')!, environment: ['NEW_SETTING'] };
    expect(() => buildFunctionDefinition(watchdog, { values: localValues, shared: {} })).toThrow(
      'terraform/lambdas.json gives watchdog NEW_SETTING, which the local cloud has no value for',
    );
  });
});
