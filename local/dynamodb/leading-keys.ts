import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// dynamodb:LeadingKeys, the multivalued condition key DynamoDB puts in a request's context: the
// partition key values the request touches. An item's (GetItem, PutItem, UpdateItem, DeleteItem,
// each item of a batch or a transaction), a Query's key condition's (the index's partition key on
// an index); a Scan has none, so a ForAllValues condition on it holds, as AWS's guide warns
// ("Scan returns all items regardless of the leading keys").

/** An attribute value as the DynamoDB JSON protocol writes it: { S: "..." }, { N: "1" }, { B: "base64" }. */
type AttributeValue = Record<string, unknown>;
type AttributeMap = Record<string, AttributeValue>;

/** Each table's partition key attribute, and each of its indexes'. */
export interface PartitionKeys {
  table: string;
  indexes: Record<string, string>;
}

export const LEADING_KEYS = 'dynamodb:LeadingKeys';

function hashKeyOf(keySchema: CreateTableCommandInput['KeySchema']): string | undefined {
  return keySchema?.find((element) => element.KeyType === 'HASH')?.AttributeName;
}

/** The partition keys of the tables the local DynamoDB creates (terraform/videos-table.json). */
export function partitionKeysOf(definitions: readonly CreateTableCommandInput[]): Map<string, PartitionKeys> {
  const tables = new Map<string, PartitionKeys>();
  for (const definition of definitions) {
    const table = hashKeyOf(definition.KeySchema);
    if (!definition.TableName || !table) continue;
    const indexes: Record<string, string> = {};
    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      const key = hashKeyOf(index.KeySchema);
      if (index.IndexName && key) indexes[index.IndexName] = key;
    }
    // A local secondary index shares the table's partition key.
    for (const index of definition.LocalSecondaryIndexes ?? []) if (index.IndexName) indexes[index.IndexName] = table;
    tables.set(definition.TableName, { table, indexes });
  }
  return tables;
}

/** The string IAM compares: the value of an S, N or B attribute as the request writes it. */
function keyText(value: AttributeValue | undefined): string[] {
  const scalar = value?.S ?? value?.N ?? value?.B;
  return typeof scalar === 'string' ? [scalar] : [];
}

/** The partition key value of an item or a key. */
export function itemLeadingKeys(item: AttributeMap | undefined, partitionKey: string): string[] {
  return keyText(item?.[partitionKey]);
}

export interface QueryBody {
  KeyConditionExpression?: string;
  KeyConditions?: Record<string, { ComparisonOperator?: string; AttributeValueList?: AttributeValue[] }>;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
}

/**
 * A Query's partition key value: the `name = :value` of its key condition on the partition key
 * (DynamoDB requires that equality, in that order), or its legacy KeyConditions' EQ.
 */
export function queryLeadingKeys(body: QueryBody, partitionKey: string): string[] {
  if (body.KeyConditionExpression !== undefined) {
    for (const [, name, placeholder] of body.KeyConditionExpression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
      const attribute = name!.startsWith('#') ? body.ExpressionAttributeNames?.[name!] : name;
      if (attribute === partitionKey) return keyText(body.ExpressionAttributeValues?.[placeholder!]);
    }
    return [];
  }
  const condition = body.KeyConditions?.[partitionKey];
  return condition?.ComparisonOperator === 'EQ' ? keyText(condition.AttributeValueList?.[0]) : [];
}
