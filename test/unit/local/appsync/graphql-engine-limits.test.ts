// The local AppSync's execution limits, on the engine itself with the real schema, the manifest's
// resolver wiring and field auth, and a stand-in for the resolvers that records what ran.
import { DEFAULT_API_LIMITS } from '../../../../local/appsync/api-limits';
import type { ApiLimits } from '../../../../local/appsync/api-limits';
import { FieldAuthorizer } from '../../../../local/appsync/auth/field-auth';
import { NESTING_REFUSAL } from '../../../../local/appsync/document-nesting';
import { GraphQLEngine } from '../../../../local/appsync/graphql-engine';
import { loadSchema } from '../../../../local/appsync/load-schema';
import type { FieldInvocation, FieldOutcome, ResolverExecutor } from '../../../../local/appsync/resolver-executor';
import type { Caller } from '../../../../local/appsync/types';
import { loadManifest } from '../../../../common/manifest';
import * as clientOperations from '../../../../generated/client-operations';
import { Kind, OperationTypeNode, print } from 'graphql';
import type { DocumentNode } from 'graphql';

const schema = loadSchema();
const manifest = loadManifest();
const user: Caller = {
  authMode: 'AMAZON_COGNITO_USER_POOLS',
  identity: {
    sub: 'sub-1',
    issuer: 'issuer',
    username: 'alice',
    claims: {},
    sourceIp: ['127.0.0.1'],
    defaultAuthStrategy: 'ALLOW',
    groups: null,
  },
};
const apiKey: Caller = { authMode: 'API_KEY', identity: null };

const rendition = { width: 640, height: 360, bandwidth: 800000, codecs: 'avc1.64001e', playlistPath: 'v/360p.m3u8' };
const video = {
  id: 'v1',
  userId: 'sub-1',
  ownerName: 'alice',
  title: 'Harbour',
  description: null,
  status: 'DONE',
  progress: 100,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  durationSeconds: 5,
  width: 640,
  height: 360,
  renditions: [rendition, rendition],
  playlistUrl: 'https://example.com/v1/master.m3u8',
  thumbnailUrl: 'https://example.com/v1/thumb.jpg',
  failureReason: null,
};
const multipartUpload = {
  videoId: 'v1',
  contentType: 'video/mp4',
  size: 1,
  partSize: 1,
  partCount: 1,
  uploadedParts: [],
  expiresAt: '2024-01-01T00:00:00.000Z',
  maxBytes: 1,
};
const results: Record<string, unknown> = {
  listVideos: { items: [video], nextToken: null },
  listMyVideos: { items: [video], nextToken: null },
  getVideo: video,
  createUploadUrl: {
    videoId: 'v1',
    url: 'https://example.com/raw',
    fields: '{}',
    expiresAt: '2024-01-01T00:00:00.000Z',
    maxBytes: 1,
  },
  createVideo: video,
  updateVideo: video,
  deleteVideo: video,
  startMultipartUpload: multipartUpload,
  multipartUpload,
  createUploadPartUrls: [
    { partNumber: 1, url: 'https://example.com/raw/v1', size: 1, expiresAt: '2024-01-01T00:00:00.000Z' },
  ],
  completeMultipartUpload: video,
  abortMultipartUpload: 'v1',
};

/** The manifest's wiring, with every resolver answering from `results` and noting that it ran. */
function recordingExecutor(ran: string[]): ResolverExecutor {
  return {
    hasResolver: (typeName: string, fieldName: string) => `${typeName}.${fieldName}` in manifest.resolvers,
    resolve: (_typeName: string, fieldName: string, invocation: FieldInvocation): Promise<FieldOutcome> => {
      const id = invocation.arguments.id;
      ran.push(`${fieldName}(${typeof id === 'string' ? id : ''})`);
      return Promise.resolve({ value: results[fieldName] ?? null, appendedErrors: [], invalidations: [] });
    },
  } as unknown as ResolverExecutor;
}

function engineWith(limits: Partial<ApiLimits>, ran: string[] = []): GraphQLEngine {
  return new GraphQLEngine(schema, recordingExecutor(ran), new FieldAuthorizer(schema, 'AMAZON_COGNITO_USER_POOLS'), {
    limits: { ...DEFAULT_API_LIMITS, ...limits },
  });
}

function run(engine: GraphQLEngine, query: string, caller: Caller = user, variables: Record<string, unknown> = {}) {
  return engine.executeOperation({ query, variables, caller, headers: {} });
}

describe('resolver count limit', () => {
  test('runs the resolvers within the limit in document order and fails the rest unrun with ResolverExecutionLimitReached', async () => {
    // Prepare
    const ran: string[] = [];
    const engine = engineWith({ resolverCountLimit: 2 }, ran);

    const query = '{ a: getVideo(id: "a") { id } b: getVideo(id: "b") { id } c: getVideo(id: "c") { id } }';

    // Act
    const response = await run(engine, query, apiKey);

    // Assess
    expect(ran).toEqual(['getVideo(a)', 'getVideo(b)']);
    expect(response.data).toEqual({ a: { id: 'v1' }, b: { id: 'v1' }, c: null });
    expect(response.errors).toEqual([
      {
        path: ['c'],
        data: null,
        errorType: 'ResolverExecutionLimitReached',
        errorInfo: null,
        locations: [{ line: 1, column: query.indexOf('c: getVideo') + 1, sourceName: null }],
        message: 'Resolver invocation limit reached',
      },
    ]);
  });

  test('hundreds of aliases of listVideos run only the default limit', async () => {
    // Prepare
    const ran: string[] = [];
    const engine = engineWith({}, ran);
    const aliases = Array.from({ length: 300 }, (_, i) => `a${i}: listVideos(limit: 100) { items { id } }`);

    // Act
    const response = await run(engine, `{ ${aliases.join(' ')} }`, apiKey);

    // Assess
    expect(ran).toHaveLength(DEFAULT_API_LIMITS.resolverCountLimit);
    // listVideos is non-null: the first refused one nulls the whole response, as in any GraphQL server.
    expect(response.data).toBeNull();
    expect(response.errors?.[0]).toMatchObject({
      path: [`a${DEFAULT_API_LIMITS.resolverCountLimit}`],
      errorType: 'ResolverExecutionLimitReached',
    });
  });

  test('0 means AppSync`s own ceiling of 10,000, not none', async () => {
    // Prepare
    const ran: string[] = [];
    const engine = engineWith({ resolverCountLimit: 0 }, ran);
    const aliases = Array.from({ length: 10_001 }, (_, i) => `a${i}: getVideo(id: "${i}") { id }`);

    // Act
    const response = await run(engine, `{ ${aliases.join(' ')} }`, apiKey);

    // Assess
    expect(ran).toHaveLength(10_000);
    expect(response.errors).toEqual([
      expect.objectContaining({ path: ['a10000'], errorType: 'ResolverExecutionLimitReached' }),
    ]);
  });
});

describe('query depth limit', () => {
  test('fails the fields past the limit with QueryDepthLimitReached, carrying null up to the first nullable parent', async () => {
    // Prepare
    const engine = engineWith({ queryDepthLimit: 2 });

    // Act
    const response = await run(engine, '{ getVideo(id: "v1") { id renditions { width } } }');

    // Assess: width (Int!, level 3) fails; its Rendition! is in the nullable renditions list.
    expect(response.data).toEqual({ getVideo: { id: 'v1', renditions: null } });
    expect(response.errors).toEqual([
      {
        path: ['getVideo', 'renditions', 0, 'width'],
        data: null,
        errorType: 'QueryDepthLimitReached',
        errorInfo: null,
        locations: [{ line: 1, column: 40, sourceName: null }],
        message: 'Query depth limit reached',
      },
    ]);
  });

  test('counts __typename and introspection fields too, which graphql-js resolves itself', async () => {
    // Prepare
    const engine = engineWith({ queryDepthLimit: 3, introspection: 'ENABLED' });

    // Act
    const typename = await run(engine, '{ getVideo(id: "v1") { renditions { width __typename } } }');
    const introspection = await run(engine, '{ __type(name: "Rendition") { name fields { name type { name } } } }');

    // Assess
    expect(
      await run(engineWith({ queryDepthLimit: 2 }), '{ getVideo(id: "v1") { renditions { __typename } } }'),
    ).toEqual({
      data: { getVideo: { renditions: null } },
      errors: [
        expect.objectContaining({
          path: ['getVideo', 'renditions', 0, '__typename'],
          errorType: 'QueryDepthLimitReached',
        }),
      ],
    });
    expect(typename).toEqual({
      data: {
        getVideo: {
          renditions: [
            { width: 640, __typename: 'Rendition' },
            { width: 640, __typename: 'Rendition' },
          ],
        },
      },
    });
    const fields = (introspection.data?.__type as { fields: Array<{ name: string; type: { name: null } }> }).fields;
    expect(fields.map((field) => field.name)).toEqual([
      'width',
      'height',
      'bandwidth',
      'averageBandwidth',
      'codecs',
      'playlistPath',
    ]);
    expect(fields.every((field) => field.type.name === null)).toBe(true);
    expect(introspection.errors).toHaveLength(6);
    expect(introspection.errors?.[0]).toMatchObject({
      path: ['__type', 'fields', 0, 'type', 'name'],
      errorType: 'QueryDepthLimitReached',
    });
  });

  test('0 means no limit', async () => {
    // Prepare
    const engine = engineWith({ queryDepthLimit: 0 });

    // Act
    const response = await run(engine, '{ getVideo(id: "v1") { renditions { width } } }');

    // Assess
    expect(response).toEqual({ data: { getVideo: { renditions: [{ width: 640 }, { width: 640 }] } } });
  });
});

describe('introspection', () => {
  test('DISABLED (the default): the introspection types have no fields, as graphql-java reports it', async () => {
    // Prepare
    const engine = engineWith({});

    // Act
    const schemaQuery = await run(engine, '{ __schema { types { name fields { name } } } }');
    const typeQuery = await run(engine, 'query Q { __type(name: "Video") { name fields { name } } }');

    // Assess
    expect(schemaQuery).toEqual({
      data: null,
      errors: [
        {
          path: null,
          data: null,
          errorType: null,
          errorInfo: null,
          locations: [{ line: 1, column: 14, sourceName: null }],
          message:
            "Validation error of type FieldUndefined: Field 'types' in type '__Schema' is undefined @ '__schema/types'",
        },
      ],
    });
    expect(typeQuery.errors?.map((error) => error.message)).toEqual([
      "Validation error of type FieldUndefined: Field 'name' in type '__Type' is undefined @ '__type/name'",
      "Validation error of type FieldUndefined: Field 'fields' in type '__Type' is undefined @ '__type/fields'",
    ]);
  });

  test('DISABLED still answers __typename, which the CLI uses to find the API', async () => {
    // Prepare
    const engine = engineWith({});

    // Act
    const response = await run(engine, '{ __typename __schema { __typename } }', apiKey);

    // Assess
    expect(response).toEqual({ data: { __typename: 'Query', __schema: { __typename: '__Schema' } } });
  });

  test('ENABLED answers introspection', async () => {
    // Prepare
    const engine = engineWith({ introspection: 'ENABLED' });

    // Act
    const response = await run(engine, '{ __schema { queryType { name } } }', apiKey);

    // Assess
    expect(response).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('hostile documents', () => {
  test('a document nested 10,000 deep is refused before parsing, as a GraphQL error', async () => {
    // Prepare
    const engine = engineWith({});
    const nested = `{ ${'listVideos { '.repeat(10_000)}id${' }'.repeat(10_000)} }`;

    // Act
    const response = await run(engine, nested, apiKey);

    // Assess
    expect(response).toEqual({
      data: null,
      errors: [{ path: null, data: null, errorType: null, errorInfo: null, locations: null, message: NESTING_REFUSAL }],
    });
  });

  test('brackets inside strings and comments do not count as nesting', async () => {
    // Prepare
    const engine = engineWith({});
    const query = `# ${'{'.repeat(1000)}\n{ getVideo(id: "${'['.repeat(1000)}") { id } }`;

    // Act
    const response = await run(engine, query, apiKey);

    // Assess
    expect(response).toEqual({ data: { getVideo: { id: 'v1' } } });
  });
});

describe('the clients` real operations', () => {
  const documents = Object.entries(clientOperations).filter(
    (entry): entry is [string, DocumentNode] =>
      entry[0].endsWith('Document') &&
      (entry[1] as DocumentNode).definitions.some(
        (definition) =>
          definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== OperationTypeNode.SUBSCRIPTION,
      ),
  );

  test('are the twelve queries and mutations of the web client', () => {
    expect(documents.map(([name]) => name).sort()).toEqual(
      [
        'AbortMultipartUpload',
        'CompleteMultipartUpload',
        'CreateUploadPartUrls',
        'CreateUploadUrl',
        'CreateVideo',
        'DeleteVideo',
        'Feed',
        'MultipartUpload',
        'MyVideos',
        'StartMultipartUpload',
        'UpdateVideo',
        'Video',
      ].map((name) => `${name}Document`),
    );
  });

  const variables: Record<string, Record<string, unknown>> = {
    CreateUploadUrlDocument: { input: { contentType: 'video/mp4', size: 1000 } },
    CreateVideoDocument: { input: { id: 'v1', title: 'Harbour' } },
    UpdateVideoDocument: { input: { id: 'v1', title: 'Harbour at dawn' } },
    DeleteVideoDocument: { id: 'v1' },
    FeedDocument: { limit: 20 },
    MyVideosDocument: { limit: 20 },
    VideoDocument: { id: 'v1' },
    StartMultipartUploadDocument: { input: { contentType: 'video/mp4', size: 200_000_000 } },
    MultipartUploadDocument: { videoId: 'v1' },
    CreateUploadPartUrlsDocument: { input: { videoId: 'v1', partNumbers: [1, 2] } },
    CompleteMultipartUploadDocument: { input: { id: 'v1', title: 'Harbour' } },
    AbortMultipartUploadDocument: { videoId: 'v1' },
  };

  test.each(documents)('%s runs whole within the default limits', async (name, document) => {
    // Prepare
    const ran: string[] = [];
    const engine = engineWith({}, ran);

    // Act
    const response = await run(engine, print(document), user, variables[name]);

    // Assess
    expect(response.errors).toBeUndefined();
    expect(ran).toHaveLength(1);
  });

  // Signed out, the client reads the feed and a video with the API key: they must ask for no field
  // the key may not read (Video.userId).
  test.each(['FeedDocument', 'VideoDocument'])('%s runs whole with the public API key', async (name) => {
    // Prepare
    const engine = engineWith({});
    const document = documents.find(([documentName]) => documentName === name)![1];

    // Act
    const response = await run(engine, print(document), apiKey, variables[name]);

    // Assess
    expect(response.errors).toBeUndefined();
  });
});
