import { toDynamoDB, toMapValues } from './dynamodb-values';
import type { Typed } from './dynamodb-values';
import { moduleExpression } from './expressions';
import type { Expression } from './expressions';

// '@aws-appsync/utils/dynamodb': plain inputs to AppSync DynamoDB request objects.

type Obj = Record<string, unknown>;

interface Operation {
  type: string;
  value?: unknown;
  items?: unknown;
  by?: number;
  index?: number;
}

export const operations = {
  add: (value: unknown) => ({ type: 'OPERATION_ADD', value }),
  remove: () => ({ type: 'OPERATION_REMOVE' }),
  replace: (value: unknown) => ({ type: 'OPERATION_REPLACE', value }),
  increment: (by: number) => ({ type: 'OPERATION_INCREMENT', by }),
  decrement: (by: number) => ({ type: 'OPERATION_DECREMENT', by }),
  append: (items: unknown[]) => ({ type: 'OPERATION_APPEND', items }),
  prepend: (items: unknown[]) => ({ type: 'OPERATION_PREPEND', items }),
  updateListItem: (items: unknown, index: number) => ({ type: 'OPERATION_UPDATE_LIST_ITEM', items, index }),
};

function isOperation(value: unknown): value is Operation {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as Operation).type === 'string' &&
    (value as Operation).type.startsWith('OPERATION_')
  );
}

function withoutEmpty(expression: Expression): Obj {
  const out: Obj = { expression: expression.expression };
  if (Object.keys(expression.expressionNames).length > 0) out.expressionNames = expression.expressionNames;
  if (Object.keys(expression.expressionValues).length > 0) out.expressionValues = expression.expressionValues;
  return out;
}

function optionalExpression(input: unknown): Obj | undefined {
  if (!input || typeof input !== 'object' || Object.keys(input).length === 0) return undefined;
  return withoutEmpty(moduleExpression(input as Obj));
}

function projectionOf(projection: unknown): Obj | undefined {
  if (!Array.isArray(projection) || projection.length === 0) return undefined;
  const names: Record<string, string> = {};
  const paths = projection.map((field: string) => {
    names[`#${field}`] = field;
    return `#${field}`;
  });
  return { expression: paths.join(', '), expressionNames: names };
}

/** Copies the listed options that are set (null and undefined are left out, as AWS's output shows). */
function pick(input: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const key of keys) {
    if (input[key] !== undefined && input[key] !== null) out[key] = input[key];
  }
  return out;
}

function withCondition(request: Obj, input: Obj): Obj {
  const condition = optionalExpression(input.condition);
  if (condition) request.condition = condition;
  if (input._version !== undefined) request._version = input._version;
  return request;
}

/** update: SET/REMOVE clauses numbered #expName_n / :expValue_n, the way AWS numbers them. */
function updateExpression(update: Obj): Obj {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, Typed> = {};
  let counter = 0;
  for (const [field, change] of Object.entries(update ?? {})) {
    if (change === undefined) continue;
    counter += 1;
    const name = `#expName_${counter}`;
    const value = `:expValue_${counter}`;
    names[name] = field;
    if (!isOperation(change)) {
      sets.push(`${name} = ${value}`);
      values[value] = toDynamoDB(change);
      continue;
    }
    switch (change.type) {
      case 'OPERATION_REMOVE':
        removes.push(name);
        break;
      case 'OPERATION_INCREMENT':
        sets.push(`${name} = ${name} + ${value}`);
        values[value] = toDynamoDB(change.by);
        break;
      case 'OPERATION_DECREMENT':
        sets.push(`${name} = ${name} - ${value}`);
        values[value] = toDynamoDB(change.by);
        break;
      case 'OPERATION_APPEND':
        sets.push(`${name} = list_append(${name}, ${value})`);
        values[value] = toDynamoDB(change.items);
        break;
      case 'OPERATION_PREPEND':
        sets.push(`${name} = list_append(${value}, ${name})`);
        values[value] = toDynamoDB(change.items);
        break;
      case 'OPERATION_UPDATE_LIST_ITEM':
        sets.push(`${name}[${change.index}] = ${value}`);
        values[value] = toDynamoDB(change.items);
        break;
      default:
        // OPERATION_ADD and OPERATION_REPLACE: AWS writes both as a plain SET.
        sets.push(`${name} = ${value}`);
        values[value] = toDynamoDB(change.value);
    }
  }
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ].filter(Boolean);
  const out: Obj = { expression: clauses.join(' '), expressionNames: names };
  if (Object.keys(values).length > 0) out.expressionValues = values;
  return out;
}

function readOptions(input: Obj, operation: string): Obj {
  const request: Obj = {
    operation,
    ...pick(input, [
      'index',
      'nextToken',
      'limit',
      'scanIndexForward',
      'consistentRead',
      'select',
      'segment',
      'totalSegments',
    ]),
  };
  const filter = optionalExpression(input.filter);
  if (filter) request.filter = filter;
  const projection = projectionOf(input.projection);
  if (projection) request.projection = projection;
  return request;
}

export function createDynamoDbModule() {
  return {
    operations,
    get: (input: Obj) => {
      const request: Obj = {
        operation: 'GetItem',
        key: toMapValues(input.key as Obj),
        ...pick(input, ['consistentRead']),
      };
      const projection = projectionOf(input.projection);
      if (projection) request.projection = projection;
      return request;
    },
    put: (input: Obj) =>
      withCondition(
        { operation: 'PutItem', key: toMapValues(input.key as Obj), attributeValues: toMapValues(input.item as Obj) },
        input,
      ),
    remove: (input: Obj) => withCondition({ operation: 'DeleteItem', key: toMapValues(input.key as Obj) }, input),
    update: (input: Obj) =>
      withCondition(
        { operation: 'UpdateItem', key: toMapValues(input.key as Obj), update: updateExpression(input.update as Obj) },
        input,
      ),
    query: (input: Obj) => {
      const request = readOptions(input, 'Query');
      request.query = withoutEmpty(moduleExpression(input.query as Obj));
      return request;
    },
    scan: (input: Obj) => readOptions(input ?? {}, 'Scan'),
    sync: (input: Obj) => ({
      operation: 'Sync',
      ...pick(input, ['basePartitionKey', 'deltaIndexName', 'limit', 'nextToken', 'lastSync']),
      ...(optionalExpression(input.filter) ? { filter: optionalExpression(input.filter) } : {}),
    }),
    batchGet: (input: {
      tables: Record<string, { keys: Obj[]; consistentRead?: boolean; projection?: string[] } | Obj[]>;
    }) => ({
      operation: 'BatchGetItem',
      tables: Object.fromEntries(
        Object.entries(input.tables).map(([table, spec]) => {
          const keys = Array.isArray(spec) ? spec : spec.keys;
          const options = Array.isArray(spec) ? {} : pick(spec, ['consistentRead']);
          return [table, { keys: keys.map((key) => toMapValues(key)), ...options }];
        }),
      ),
    }),
    batchPut: (input: { tables: Record<string, Obj[]> }) => ({
      operation: 'BatchPutItem',
      tables: Object.fromEntries(
        Object.entries(input.tables).map(([table, items]) => [table, items.map((item) => toMapValues(item))]),
      ),
    }),
    batchDelete: (input: { tables: Record<string, Obj[]> }) => ({
      operation: 'BatchDeleteItem',
      tables: Object.fromEntries(
        Object.entries(input.tables).map(([table, keys]) => [table, keys.map((key) => toMapValues(key))]),
      ),
    }),
    transactGet: (input: { items: Array<{ table: string; key: Obj }> }) => ({
      operation: 'TransactGetItems',
      transactItems: input.items.map((item) => ({ table: item.table, key: toMapValues(item.key) })),
    }),
    transactWrite: (input: { items: Obj[] }) => ({ operation: 'TransactWriteItems', transactItems: input.items }),
  };
}
