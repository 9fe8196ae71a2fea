import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadManifest, repoRoot, resolverCodePaths } from '../../common/manifest';
import { loadSchema } from '../../local/appsync/load-schema';
import { loadTableDefinitions } from '../../local/dynamodb';

describe('resolvers/manifest.json', () => {
  const manifest = loadManifest();
  const schema = loadSchema();

  test('every Query, Mutation and Subscription field has exactly one resolver, and no resolver names a missing field', () => {
    const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}).map((field) => `${type?.name}.${field}`),
    );
    expect(Object.keys(manifest.resolvers).sort()).toEqual(rootFields.sort());
  });

  test('every code file it names exists', () => {
    const missing = resolverCodePaths(manifest).filter((file) => !existsSync(path.join(repoRoot, file)));
    expect(missing).toEqual([]);
  });

  test('DynamoDB data sources name tables of the shared table definitions', () => {
    const tables = loadTableDefinitions().map((table) => table.TableName);
    for (const dataSource of Object.values(manifest.dataSources)) {
      if (dataSource.type === 'AMAZON_DYNAMODB') expect(tables).toContain(dataSource.table);
    }
  });

  test('Lambda data sources name functions that exist', () => {
    for (const dataSource of Object.values(manifest.dataSources)) {
      if (dataSource.type === 'AWS_LAMBDA') {
        expect(existsSync(path.join(repoRoot, 'functions', dataSource.function, 'handler.ts'))).toBe(true);
      }
    }
  });
});
