// The DynamoDB steps of createVideo (put-video, add-to-feed-if-done) run as AppSync runs them: the
// built code in the APPSYNC_JS runtime, its request sent through the local DynamoDB data source.
import { readFileSync } from 'node:fs';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { invokeDynamoDbDataSource } from '../../../local/appsync/data-sources/dynamodb';
import { newNextTokenKey, NextTokens } from '../../../local/appsync/data-sources/next-token';
import { builtCodePath } from '../../../common/manifest';
import { compileResolverCode, evaluateHandler } from '../../../local/appsync/runtime';
import type { CompiledCode } from '../../../local/appsync/runtime';
import type { ContextInput } from '../../../local/appsync/types';
import { startLocalTables } from '../../support/local-tables';
import type { LocalTables } from '../../support/local-tables';

function load(file: string): CompiledCode {
  const built = builtCodePath(file);
  return compileResolverCode(readFileSync(built, 'utf8'), built);
}

describe('createVideo DynamoDB steps', () => {
  let tables: LocalTables;
  let client: DynamoDBClient;
  const putVideo = load('resolvers/functions/put-video.ts');
  const addToFeed = load('resolvers/functions/add-to-feed-if-done.ts');

  beforeAll(async () => {
    tables = await startLocalTables('put');
    client = tables.client;
  });
  afterAll(() => tables.close());

  function context(
    sub: string,
    id: string,
    stash: Record<string, unknown>,
    claims: Record<string, unknown> = { preferred_username: 'ann' },
  ): ContextInput {
    return {
      arguments: { input: { id, title: String(stash.title) } },
      identity: {
        sub,
        issuer: 'local',
        username: sub,
        claims,
        sourceIp: [],
        defaultAuthStrategy: 'ALLOW',
        groups: null,
      },
      stash,
      authMode: 'AMAZON_COGNITO_USER_POOLS',
    };
  }

  /** request -> DynamoDB -> response, as one pipeline function step. */
  async function step(code: CompiledCode, ctx: ContextInput) {
    const request = evaluateHandler(code, 'request', ctx);
    if (request.error || request.earlyReturn) return request;
    const outcome = await invokeDynamoDbDataSource(request.result, {
      client,
      tableName: 'videos',
      nextTokens: new NextTokens(newNextTokenKey()),
    });
    return evaluateHandler(code, 'response', {
      ...ctx,
      stash: request.stash,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
    });
  }

  async function item(id: string) {
    const { Item } = await client.send(new GetItemCommand({ TableName: 'videos', Key: marshall({ id }) }));
    return Item ? unmarshall(Item) : undefined;
  }

  test('registers a new upload as PROCESSING, owned by the caller', async () => {
    const id = ulid();
    const result = await step(putVideo, context('sub-a', id, { title: 'First', description: null }));
    expect(result.error).toBeUndefined();
    expect(result.result).toMatchObject({
      id,
      userId: 'sub-a',
      ownerName: 'ann',
      ownerTag: 'suba',
      title: 'First',
      status: 'PROCESSING',
      progress: 0,
    });
    expect(await item(id)).not.toHaveProperty('feedKey');
  });

  test("the owner's tag is fixed by the sub; the chosen name loses the tag's mark, control characters and excess", async () => {
    const sub = '1F0C9A3E-7b2d-4c1e-9f00-5a6b7c8d9e0f';
    const registered = async (claims: Record<string, unknown>) =>
      (await step(putVideo, context(sub, ulid(), { title: 'Named', description: null }, claims))).result as Record<
        string,
        unknown
      >;
    expect(await registered({ preferred_username: ' alice #0badf00d ' })).toMatchObject({
      ownerName: 'alice 0badf00d',
      ownerTag: '1f0c9a3e',
    });
    expect((await registered({ preferred_username: 'x'.repeat(300) })).ownerName).toBe('x'.repeat(40));
    expect((await registered({ preferred_username: 'ali\u0007ce' })).ownerName).toBeNull();
    expect((await registered({ preferred_username: '#', name: 'Ann Smith' })).ownerName).toBe('Ann Smith');
    expect(await registered({})).toMatchObject({ ownerName: null, ownerTag: '1f0c9a3e' });
  });

  test('a second registration of the same id is a ConflictError, for its owner and for anyone else', async () => {
    const id = ulid();
    await step(putVideo, context('sub-a', id, { title: 'First', description: null }));
    for (const sub of ['sub-a', 'sub-b']) {
      const again = await step(putVideo, context(sub, id, { title: 'Again', description: null }));
      expect(again.error).toMatchObject({ errorType: 'ConflictError', message: `Video ${id} is already registered.` });
    }
    expect(await item(id)).toMatchObject({ title: 'First', userId: 'sub-a' });
  });

  test('when processing finished first, registration keeps DONE and its results, and lists it in the feed', async () => {
    const id = ulid();
    await client.send(
      new PutItemCommand({
        TableName: 'videos',
        Item: marshall({
          id,
          userId: 'sub-a',
          status: 'DONE',
          progress: 100,
          durationSeconds: 4.2,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
      }),
    );
    const put = await step(putVideo, context('sub-a', id, { title: 'Late title', description: 'desc' }));
    expect(put.result).toMatchObject({
      status: 'DONE',
      progress: 100,
      durationSeconds: 4.2,
      title: 'Late title',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const feed = await step(addToFeed, { ...context('sub-a', id, {}), prev: { result: put.result } });
    expect(feed.error).toBeUndefined();
    expect(await item(id)).toMatchObject({ feedKey: 'DONE', title: 'Late title' });
  });

  test('an upload the pipeline recorded for another owner cannot be registered by the caller', async () => {
    const id = ulid();
    await client.send(
      new PutItemCommand({
        TableName: 'videos',
        Item: marshall({ id, userId: 'sub-a', status: 'PROCESSING', progress: 3 }),
      }),
    );
    const result = await step(putVideo, context('sub-b', id, { title: 'Stolen', description: null }));
    expect(result.error).toMatchObject({ errorType: 'ConflictError' });
    expect(await item(id)).not.toHaveProperty('title');
  });

  test('a PROCESSING registration does not touch the feed', async () => {
    const id = ulid();
    const put = await step(putVideo, context('sub-a', id, { title: 'Processing', description: null }));
    const feed = await step(addToFeed, { ...context('sub-a', id, {}), prev: { result: put.result } });
    expect(feed.earlyReturn).toEqual({ data: put.result });
    expect(await item(id)).not.toHaveProperty('feedKey');
  });
});
