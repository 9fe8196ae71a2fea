// GraphQL amplification with the public API key (issue 14, point 5), through the local AppSync's
// public endpoint: the suite's cloud with the default limits of terraform/variables.tf, and a cloud
// of its own started with other limits, as VIDEOPIPE_APPSYNC_* set them.
import { rmSync } from 'node:fs';
import { API_LIMIT_VARIABLES, DEFAULT_API_LIMITS } from '../../local/appsync';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';

jest.setTimeout(180_000);

const endpoints = testEndpoints();
const apiKey = { mode: 'apiKey' } as const;

function aliases(count: number, field: (index: number) => string): string {
  return `{ ${Array.from({ length: count }, (_, index) => field(index)).join(' ')} }`;
}

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work;
  return { result, ms: Date.now() - started };
}

describe('the default limits', () => {
  test('3,000 aliases of listVideos(limit: 100) run the resolver count limit and no more, answered at once', async () => {
    // Prepare
    const query = aliases(3000, (index) => `a${index}: listVideos(limit: 100) { items { id title } }`);

    // Act
    const { result, ms } = await timed(graphql(endpoints, apiKey, query));

    // Assess: listVideos is non-null, so the first refused alias nulls the data.
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      {
        path: [`a${DEFAULT_API_LIMITS.resolverCountLimit}`],
        data: null,
        errorType: 'ResolverExecutionLimitReached',
        errorInfo: null,
        locations: [
          { line: 1, column: query.indexOf(`a${DEFAULT_API_LIMITS.resolverCountLimit}: `) + 1, sourceName: null },
        ],
        message: 'Resolver invocation limit reached',
      },
    ]);
    // It ran for about 6 s before the limit; parsing 160 KB is what remains (1-3 s on a busy machine).
    expect(ms).toBeLessThan(30_000);
  });

  test('a 19,000-alias request no longer holds up another caller for half a minute', async () => {
    // Prepare
    const query = aliases(19_000, (index) => `a${index}: listVideos(limit: 100) { items { id } }`);

    // Act
    const big = timed(graphql(endpoints, apiKey, query));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const other = await timed(graphql(endpoints, apiKey, '{ listVideos(limit: 1) { nextToken } }'));
    const attack = await big;

    // Assess
    expect(attack.result.errors?.[0]?.errorType).toBe('ResolverExecutionLimitReached');
    expect(other.result.errors).toBeUndefined();
    // It waited 39 s; parsing and validating 900 KB is what remains (2-11 s on a busy machine).
    expect(other.ms).toBeLessThan(30_000);
  });

  test('introspection is off: a validation error, as AppSync gives with introspection DISABLED', async () => {
    // Act
    const result = await graphql(endpoints, apiKey, '{ __schema { types { name } } }');

    // Assess
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      {
        path: null,
        data: null,
        errorType: null,
        errorInfo: null,
        locations: [{ line: 1, column: 14, sourceName: null }],
        message:
          "Validation error of type FieldUndefined: Field 'types' in type '__Schema' is undefined @ '__schema/types'",
      },
    ]);
  });

  test('__typename still answers, as the CLI asks it to find the API', async () => {
    expect(await graphql(endpoints, apiKey, '{ __typename }')).toEqual({ status: 200, data: { __typename: 'Query' } });
  });

  test('a query nested 10,000 deep is a GraphQL error, not an internal failure', async () => {
    // Prepare
    const query = `{ ${'listVideos { '.repeat(10_000)}nextToken${' }'.repeat(10_000)} }`;

    // Act
    const result = await graphql(endpoints, apiKey, query);

    // Assess
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/parsing has been cancelled/) as unknown }),
    ]);
    expect(await graphql(endpoints, apiKey, '{ __typename }')).toEqual({ status: 200, data: { __typename: 'Query' } });
  });
});

describe('limits set through the environment', () => {
  const HEAP_LIMIT_MB = 512;
  let cloud: LocalCloudProcess;

  beforeAll(async () => {
    cloud = await startLocalCloudProcess({
      env: {
        [API_LIMIT_VARIABLES.queryDepthLimit]: '3',
        [API_LIMIT_VARIABLES.resolverCountLimit]: '2',
        [API_LIMIT_VARIABLES.introspection]: 'ENABLED',
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_LIMIT_MB}`,
      },
      timeoutMs: 90_000,
    });
  });

  afterAll(async () => {
    await cloud?.stop();
    if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  test('introspection ENABLED answers it', async () => {
    // Act
    const result = await graphql(cloud.endpoints, apiKey, '{ __schema { queryType { name } } }');

    // Assess
    expect(result).toEqual({ status: 200, data: { __schema: { queryType: { name: 'Query' } } } });
  });

  test('a field deeper than the query depth limit fails with QueryDepthLimitReached; the shallower ones answer', async () => {
    // Prepare: __type(1) fields(2) type(3) name(4); __Type.name is nullable.
    const query = '{ __type(name: "Rendition") { name fields { name type { name } } } }';

    // Act
    const result = await graphql(cloud.endpoints, apiKey, query);

    // Assess
    const type = result.data?.__type as { name: string; fields: Array<{ name: string; type: { name: null } }> };
    expect(type.name).toBe('Rendition');
    expect(type.fields[0]).toEqual({ name: 'width', type: { name: null } });
    expect(result.errors).toHaveLength(type.fields.length);
    expect(result.errors?.[0]).toEqual({
      path: ['__type', 'fields', 0, 'type', 'name'],
      data: null,
      errorType: 'QueryDepthLimitReached',
      errorInfo: null,
      locations: [{ line: 1, column: query.indexOf('type { name') + 8, sourceName: null }],
      message: 'Query depth limit reached',
    });
  });

  test('resolvers past the resolver count limit fail unrun; the ones before answer', async () => {
    // Act
    const result = await graphql(
      cloud.endpoints,
      apiKey,
      '{ a: getVideo(id: "a") { id } b: getVideo(id: "b") { id } c: getVideo(id: "c") { id } }',
    );

    // Assess: getVideo is nullable, so a and b (no such videos) stand beside c's error.
    expect(result.data).toEqual({ a: null, b: null, c: null });
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['c'], errorType: 'ResolverExecutionLimitReached' }),
    ]);
  });

  test('many large distinct documents do not pile up in memory', async () => {
    // Prepare: 24 documents of 750 KB held about 40 MB each in the count-bounded cache, a gigabyte
    // in all: past this cloud's HEAP_LIMIT_MB, the process ran out of memory and died.

    // Act
    const statuses: number[] = [];
    for (let document = 0; document < 24; document += 1) {
      const query = aliases(36_000, (index) => `d${document}x${index}: __typename`);
      statuses.push((await graphql(cloud.endpoints, apiKey, query)).status);
    }

    // Assess
    expect(statuses).toEqual(Array.from({ length: 24 }, () => 200));
    expect(await graphql(cloud.endpoints, apiKey, '{ __typename }')).toEqual({
      status: 200,
      data: { __typename: 'Query' },
    });
  });
});
