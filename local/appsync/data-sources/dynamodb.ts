import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromItem, MappingError, toAttributeMap } from './dynamodb-values';
import { InvalidPaginationTokenError } from './next-token';
import type { NextTokens } from './next-token';
import type { DataSourceOutcome } from './types';

export type { DataSourceOutcome } from './types';

export interface DynamoDbDataSourceOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The API's nextToken issuer (one key per data dir). */
  nextTokens: NextTokens;
}

interface Expression {
  expression?: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, unknown>;
}

type Request = Record<string, unknown> & { operation?: string };

/** Names and values of every expression in a request, merged as AppSync sends them to DynamoDB. */
class ExpressionParts {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, AttributeValue> = {};

  add(expression: unknown, where: string): string | undefined {
    if (expression === undefined || expression === null) return undefined;
    const { expression: text, expressionNames, expressionValues } = expression as Expression;
    if (typeof text !== 'string' || text.trim() === '')
      throw new MappingError(`${where}.expression must be a non-empty string`);
    Object.assign(this.names, expressionNames ?? {});
    Object.assign(this.values, toAttributeMap(expressionValues, `${where}.expressionValues`));
    return text;
  }

  /** DynamoDB refuses empty maps, so absent parts are left out entirely. */
  parameters(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

function projectionOf(request: Request, parts: ExpressionParts): { ProjectionExpression?: string } {
  const projection = request.projection as Expression | undefined;
  if (!projection) return {};
  return { ProjectionExpression: parts.add(projection, 'projection') };
}

function keyOf(request: Request): Record<string, AttributeValue> {
  if (!request.key) throw new MappingError(`${request.operation} needs a key`);
  return toAttributeMap(request.key, 'key');
}

function limitOf(request: Request): { Limit?: number } {
  if (request.limit === undefined || request.limit === null) return {};
  const limit = Number(request.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new MappingError('limit must be a positive integer');
  return { Limit: limit };
}

function refuseVersioning(request: Request): void {
  if (request._version !== undefined)
    throw new MappingError('_version (conflict detection) is not enabled on this data source');
}

type Operation = (request: Request, options: DynamoDbDataSourceOptions) => Promise<unknown>;

const operations: Record<string, Operation> = {
  async GetItem(request, { client, tableName }) {
    const parts = new ExpressionParts();
    const projection = projectionOf(request, parts);
    const output = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: keyOf(request),
        ConsistentRead: Boolean(request.consistentRead),
        ...projection,
        ...parts.parameters(),
      }),
    );
    return fromItem(output.Item);
  },

  async PutItem(request, { client, tableName }) {
    refuseVersioning(request);
    const parts = new ExpressionParts();
    const condition = parts.add(request.condition, 'condition');
    const item = { ...toAttributeMap(request.attributeValues, 'attributeValues'), ...keyOf(request) };
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: item, ConditionExpression: condition, ...parts.parameters() }),
    );
    return fromItem(item);
  },

  async UpdateItem(request, { client, tableName }) {
    refuseVersioning(request);
    const parts = new ExpressionParts();
    const update = parts.add(request.update, 'update');
    if (!update) throw new MappingError('UpdateItem needs an update expression');
    const condition = parts.add(request.condition, 'condition');
    const output = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: keyOf(request),
        UpdateExpression: update,
        ConditionExpression: condition,
        ReturnValues: 'ALL_NEW',
        ...parts.parameters(),
      }),
    );
    return fromItem(output.Attributes);
  },

  async DeleteItem(request, { client, tableName }) {
    refuseVersioning(request);
    const parts = new ExpressionParts();
    const condition = parts.add(request.condition, 'condition');
    const output = await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: keyOf(request),
        ConditionExpression: condition,
        ReturnValues: 'ALL_OLD',
        ...parts.parameters(),
      }),
    );
    return fromItem(output.Attributes);
  },

  async Query(request, { client, tableName, nextTokens }) {
    const parts = new ExpressionParts();
    const keyCondition = parts.add(request.query, 'query');
    if (!keyCondition) throw new MappingError('Query needs a query expression');
    const filter = parts.add(request.filter, 'filter');
    const projection = projectionOf(request, parts);
    const output = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: (request.index as string | undefined) ?? undefined,
        KeyConditionExpression: keyCondition,
        FilterExpression: filter,
        ScanIndexForward: request.scanIndexForward === undefined ? true : Boolean(request.scanIndexForward),
        ConsistentRead: Boolean(request.consistentRead),
        Select: request.select as 'ALL_ATTRIBUTES' | undefined,
        ExclusiveStartKey: nextTokens.decode(request.nextToken as string | undefined),
        ...limitOf(request),
        ...projection,
        ...parts.parameters(),
      }),
    );
    return {
      items: (output.Items ?? []).map(fromItem),
      nextToken: nextTokens.encode(output.LastEvaluatedKey),
      scannedCount: output.ScannedCount ?? 0,
    };
  },

  async Scan(request, { client, tableName, nextTokens }) {
    const parts = new ExpressionParts();
    const filter = parts.add(request.filter, 'filter');
    const projection = projectionOf(request, parts);
    const output = await client.send(
      new ScanCommand({
        TableName: tableName,
        IndexName: (request.index as string | undefined) ?? undefined,
        FilterExpression: filter,
        ConsistentRead: Boolean(request.consistentRead),
        Segment: request.segment as number | undefined,
        TotalSegments: request.totalSegments as number | undefined,
        ExclusiveStartKey: nextTokens.decode(request.nextToken as string | undefined),
        ...limitOf(request),
        ...projection,
        ...parts.parameters(),
      }),
    );
    return {
      items: (output.Items ?? []).map(fromItem),
      nextToken: nextTokens.encode(output.LastEvaluatedKey),
      scannedCount: output.ScannedCount ?? 0,
    };
  },

  async BatchGetItem(request, { client }) {
    const tables = (request.tables ?? {}) as Record<string, { keys: unknown[]; consistentRead?: boolean }>;
    const requestItems = Object.fromEntries(
      Object.entries(tables).map(([table, spec]) => [
        table,
        {
          Keys: spec.keys.map((key, i) => toAttributeMap(key, `tables.${table}.keys[${i}]`)),
          ConsistentRead: Boolean(spec.consistentRead),
        },
      ]),
    );
    const output = await client.send(new BatchGetItemCommand({ RequestItems: requestItems }));
    // AppSync answers in request order, with null for keys that have no item.
    const data: Record<string, unknown[]> = {};
    for (const [table, spec] of Object.entries(requestItems)) {
      const found = (output.Responses?.[table] ?? []).map((item) => ({ item, plain: fromItem(item) }));
      data[table] = spec.Keys.map(
        (key) =>
          found.find(({ item }) =>
            Object.entries(key).every(([name, value]) => JSON.stringify(item[name]) === JSON.stringify(value)),
          )?.plain ?? null,
      );
    }
    const unprocessedKeys = Object.fromEntries(
      Object.keys(tables).map((table) => [
        table,
        (output.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => fromItem(key)),
      ]),
    );
    return { data, unprocessedKeys };
  },

  async BatchPutItem(request, { client }) {
    const tables = (request.tables ?? {}) as Record<string, unknown[]>;
    const items = Object.fromEntries(
      Object.entries(tables).map(([table, list]) => [
        table,
        list.map((item, i) => toAttributeMap(item, `tables.${table}[${i}]`)),
      ]),
    );
    const output = await client.send(
      new BatchWriteItemCommand({
        RequestItems: Object.fromEntries(
          Object.entries(items).map(([table, list]) => [table, list.map((Item) => ({ PutRequest: { Item } }))]),
        ),
      }),
    );
    return {
      data: Object.fromEntries(
        Object.entries(items).map(([table, list]) => [table, list.map((item) => fromItem(item))]),
      ),
      unprocessedItems: Object.fromEntries(
        Object.keys(items).map((table) => [
          table,
          (output.UnprocessedItems?.[table] ?? []).map((w) => fromItem(w.PutRequest?.Item)),
        ]),
      ),
    };
  },

  async BatchDeleteItem(request, { client }) {
    const tables = (request.tables ?? {}) as Record<string, unknown[]>;
    const keys = Object.fromEntries(
      Object.entries(tables).map(([table, list]) => [
        table,
        list.map((key, i) => toAttributeMap(key, `tables.${table}[${i}]`)),
      ]),
    );
    const output = await client.send(
      new BatchWriteItemCommand({
        RequestItems: Object.fromEntries(
          Object.entries(keys).map(([table, list]) => [table, list.map((Key) => ({ DeleteRequest: { Key } }))]),
        ),
      }),
    );
    return {
      data: Object.fromEntries(Object.entries(keys).map(([table, list]) => [table, list.map((key) => fromItem(key))])),
      unprocessedKeys: Object.fromEntries(
        Object.keys(keys).map((table) => [
          table,
          (output.UnprocessedItems?.[table] ?? []).map((w) => fromItem(w.DeleteRequest?.Key)),
        ]),
      ),
    };
  },
};

const UNSUPPORTED: Record<string, string> = {
  TransactGetItems:
    'TransactGetItems is not supported by the local DynamoDB (dynalite has no transactions); design without it.',
  TransactWriteItems:
    'TransactWriteItems is not supported by the local DynamoDB (dynalite has no transactions); design without it.',
  Sync: 'Sync needs conflict detection and a delta table, which this data source does not enable.',
};

/** Executes an APPSYNC_JS DynamoDB request object; faults come back as ctx.error would carry them. */
export async function invokeDynamoDbDataSource(
  request: unknown,
  options: DynamoDbDataSourceOptions,
): Promise<DataSourceOutcome> {
  const operationName = (request as Request | null)?.operation;
  const operation = typeof operationName === 'string' ? operations[operationName] : undefined;
  if (!operation) {
    const message =
      (operationName && UNSUPPORTED[operationName]) ||
      `Unsupported operation '${String(operationName)}' for a DynamoDB data source.`;
    return { error: { type: 'MappingTemplate', message } };
  }
  try {
    return { result: await operation(request as Request, options) };
  } catch (error) {
    if (error instanceof MappingError) return { error: { type: 'MappingTemplate', message: error.message } };
    if (error instanceof InvalidPaginationTokenError)
      return { error: { type: error.errorType, message: error.message } };
    const fault = error as {
      name?: string;
      message?: string;
      $metadata?: { httpStatusCode?: number; requestId?: string };
    };
    const status = fault.$metadata?.httpStatusCode ?? 400;
    const requestId = fault.$metadata?.requestId ?? 'local';
    return {
      error: {
        type: `DynamoDB:${fault.name ?? 'InternalServerError'}`,
        message: `${fault.message ?? 'DynamoDB failed'} (Service: DynamoDb, Status Code: ${status}, Request ID: ${requestId})`,
      },
    };
  }
}
