// AppSync's EvaluateCode as @aws-sdk/client-appsync calls it, answered by the local runtime: the
// way AWS recommends testing resolver code, the same on both homes.
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { readFileSync } from 'node:fs';
import { builtCodePath } from '../../common/manifest';
import { testEndpoints } from '../support/endpoints';

const runtime = { name: 'APPSYNC_JS' as const, runtimeVersion: '1.0.0' };

describe('EvaluateCode', () => {
  const endpoints = testEndpoints();
  const client = new AppSyncClient({
    endpoint: endpoints.appsyncEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
  afterAll(() => client.destroy());

  test('evaluates a built resolver against a context, as AWS would', async () => {
    const code = readFileSync(builtCodePath('resolvers/Query.listMyVideos.ts'), 'utf8');
    const context = { arguments: { limit: 5 }, identity: { sub: 'user-1', claims: {} }, stash: {} };
    const result = await client.send(
      new EvaluateCodeCommand({ runtime, code, context: JSON.stringify(context), function: 'request' }),
    );
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.evaluationResult!)).toEqual({
      operation: 'Query',
      index: 'byOwner',
      limit: 5,
      scanIndexForward: false,
      query: {
        expression: '#userId = :userId',
        expressionNames: { '#userId': 'userId' },
        expressionValues: { ':userId': { S: 'user-1' } },
      },
      filter: { expression: 'attribute_exists(#title)', expressionNames: { '#title': 'title' } },
    });
  });

  test('a util.error is reported in `error`, console output in `logs`', async () => {
    const code =
      'import { util } from "@aws-appsync/utils"; export function request(ctx) { console.log("checking", ctx.args.title); if (!ctx.args.title) { util.error("Title must not be empty.", "ValidationError"); } return {}; }';
    const result = await client.send(
      new EvaluateCodeCommand({
        runtime,
        code,
        context: JSON.stringify({ arguments: { title: '' } }),
        function: 'request',
      }),
    );
    expect(result.error?.message).toBe('Title must not be empty.');
    expect(result.logs).toEqual(['INFO checking ']);
    expect(JSON.parse(result.outErrors!)).toEqual([
      { message: 'Title must not be empty.', errorType: 'ValidationError', data: null, errorInfo: null },
    ]);
  });

  test('a runtime other than APPSYNC_JS 1.0.0 is a BadRequestException', async () => {
    await expect(
      client.send(
        new EvaluateCodeCommand({
          runtime: { name: 'APPSYNC_JS', runtimeVersion: '9.9.9' },
          code: 'export function request() {}',
          context: '{}',
          function: 'request',
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  test('requests not signed with the local credentials are refused', async () => {
    const stranger = new AppSyncClient({
      endpoint: endpoints.appsyncEndpoint,
      region: endpoints.region,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: 'wrong' },
    });
    await expect(
      stranger.send(
        new EvaluateCodeCommand({
          runtime,
          code: 'export function request() { return 1; }',
          context: '{}',
          function: 'request',
        }),
      ),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });
});
