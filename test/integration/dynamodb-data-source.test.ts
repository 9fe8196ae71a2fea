import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { invokeDynamoDbDataSource } from '../../local/appsync/data-sources/dynamodb';
import { newNextTokenKey, NextTokens } from '../../local/appsync/data-sources/next-token';
import { ensureTables, loadTableDefinitions, startDynamoDb } from '../../local/dynamodb';
import type { DynamoDbEmulator } from '../../local/dynamodb';

describe('AppSync DynamoDB data source on the local DynamoDB', () => {
  let dataDir: string;
  let db: DynamoDbEmulator;
  let client: DynamoDBClient;
  const nextTokens = new NextTokens(newNextTokenKey());
  const invoke = (request: unknown) => invokeDynamoDbDataSource(request, { client, tableName: 'videos', nextTokens });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-ddb-'));
    db = await startDynamoDb({ port: 0, dataDir });
    client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    await ensureTables(client, loadTableDefinitions());
    await ensureTables(client, loadTableDefinitions());
  });
  afterAll(async () => {
    client.destroy();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('typed values in, plain JSON out; conditions fail as AppSync reports them', async () => {
    const put = await invoke({
      operation: 'PutItem',
      key: { id: { S: 'a' } },
      attributeValues: { n: { N: 3 }, tags: { L: [{ S: 'x' }] }, ok: { BOOL: true } },
      condition: { expression: 'attribute_not_exists(id)' },
    });
    expect(put).toEqual({ result: { id: 'a', n: 3, tags: ['x'], ok: true } });
    const again = await invoke({
      operation: 'PutItem',
      key: { id: { S: 'a' } },
      attributeValues: {},
      condition: { expression: 'attribute_not_exists(id)' },
    });
    expect(again.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(again.error?.message).toMatch(/\(Service: DynamoDb, Status Code: 400, Request ID: /);
    const updated = await invoke({
      operation: 'UpdateItem',
      key: { id: { S: 'a' } },
      update: { expression: 'SET n = n + :one', expressionValues: { ':one': { N: '1' } } },
    });
    expect(updated.result).toMatchObject({ n: 4 });
    expect((await invoke({ operation: 'GetItem', key: { id: { S: 'missing' } } })).result).toBeNull();
    expect((await invoke({ operation: 'DeleteItem', key: { id: { S: 'a' } } })).result).toMatchObject({
      id: 'a',
      n: 4,
    });
  });

  test('a query on a GSI pages with nextToken through every item exactly once, newest first', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    await invoke({
      operation: 'BatchPutItem',
      tables: { videos: ids.slice(0, 25).map((id) => ({ id: { S: id }, userId: { S: 'pager' } })) },
    });
    await invoke({
      operation: 'BatchPutItem',
      tables: { videos: ids.slice(25).map((id) => ({ id: { S: id }, userId: { S: 'pager' } })) },
    });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await invoke({
        operation: 'Query',
        index: 'byOwner',
        query: { expression: 'userId = :u', expressionValues: { ':u': { S: 'pager' } } },
        scanIndexForward: false,
        limit: 10,
        nextToken,
      });
      const result = page.result as { items: Array<{ id: string }>; nextToken: string | null };
      seen.push(...result.items.map((item) => item.id));
      nextToken = result.nextToken ?? undefined;
    } while (nextToken);
    expect(seen).toEqual([...ids].reverse());
    const batch = await invoke({
      operation: 'BatchGetItem',
      tables: { videos: { keys: [{ id: { S: 'p001' } }, { id: { S: 'nope' } }] } },
    });
    expect(batch.result).toEqual({
      data: { videos: [{ id: 'p001', userId: 'pager' }, null] },
      unprocessedKeys: { videos: [] },
    });
  });

  test("a forged nextToken is AppSync's pagination error; an unknown operation and transactions are MappingTemplate errors", async () => {
    const forged = Buffer.from(JSON.stringify({ id: { S: 'p010' } })).toString('base64url') + '.forged';
    expect(
      (
        await invoke({
          operation: 'Query',
          query: { expression: 'id = :i', expressionValues: { ':i': { S: 'p' } } },
          nextToken: forged,
        })
      ).error,
    ).toEqual({
      type: 'DynamoDB:UserIllegalArgumentException',
      message:
        'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.',
    });
    expect((await invoke({ operation: 'Frobnicate' })).error).toMatchObject({ type: 'MappingTemplate' });
    expect((await invoke({ operation: 'TransactWriteItems' })).error?.message).toMatch(
      /not supported by the local DynamoDB/,
    );
  });

  test('data survives a restart on the same directory', async () => {
    await invoke({ operation: 'PutItem', key: { id: { S: 'durable' } }, attributeValues: {} });
    client.destroy();
    await db.close();
    db = await startDynamoDb({ port: 0, dataDir });
    client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    expect((await invoke({ operation: 'GetItem', key: { id: { S: 'durable' } } })).result).toEqual({ id: 'durable' });
  });

  test('a port in use is said in a sentence', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-ddb-busy-'));
    await expect(startDynamoDb({ port, dataDir: otherDir })).rejects.toThrow(
      `DynamoDB cannot listen on port ${port}: it is already in use.`,
    );
    blocker.close();
    rmSync(otherDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
});
