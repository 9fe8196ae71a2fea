import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import { repoRoot, resolverDynamoDbActions } from '../../../scripts/terraform/sdk-calls';

// The DynamoDB data sources' role (terraform/iam.tf local.appsync_dynamodb_actions) grants exactly
// what the resolvers and pipeline functions bound to them ask of DynamoDB.

interface Manifest {
  dataSources: Record<string, { type: string }>;
  functions: Record<string, { dataSource: string; code: string }>;
  resolvers: Record<string, { kind: string; dataSource?: string; code: string }>;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'resolvers', 'manifest.json'), 'utf8')) as Manifest;

describe('AppSync DynamoDB data source grants', () => {
  test('equal the DynamoDB operations of the code bound to DynamoDB data sources', async () => {
    // Prepare
    const dynamo = new Set(
      Object.entries(manifest.dataSources)
        .filter(([, source]) => source.type === 'AMAZON_DYNAMODB')
        .map(([name]) => name),
    );
    const bound = [...Object.values(manifest.functions), ...Object.values(manifest.resolvers)].filter(
      (entry) => entry.dataSource && dynamo.has(entry.dataSource),
    );
    const iam = await parseHcl('iam.tf', readFileSync(path.join(repoRoot, 'terraform', 'iam.tf'), 'utf8'));
    const granted = (Object.assign({}, ...(iam.locals as object[])) as { appsync_dynamodb_actions: string[] })
      .appsync_dynamodb_actions;
    // Act
    const needed = [
      ...new Set((await Promise.all(bound.map((entry) => resolverDynamoDbActions(entry.code)))).flat()),
    ].sort();
    // Assess
    expect(bound.length).toBeGreaterThan(0);
    expect([...granted].sort()).toEqual(needed);
  });
});

describe('AppSync code Terraform uploads', () => {
  test('every manifest code path has its bundle where appsync.tf looks: build/<path without .ts>.js (after npm run build)', () => {
    const codes = [...Object.values(manifest.functions), ...Object.values(manifest.resolvers)].map(
      (entry) => entry.code,
    );
    const missing = [...new Set(codes)]
      .map((code) => path.join('build', code.replace(/\.ts$/, '.js')))
      .filter((file) => !existsSync(path.join(repoRoot, file)));
    expect(missing).toEqual([]);
    expect(readFileSync(path.join(repoRoot, 'terraform', 'appsync.tf'), 'utf8')).toContain(
      'code => "${path.module}/../build/${trimsuffix(code, ".ts")}.js"',
    );
  });
});
