import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UsageCount, UsageCounter, UsageIncrement } from '../ports/usage-counter';
import { isConditionFailure } from './dynamodb-errors';
import { EXPIRY_ATTRIBUTE } from './table-expiry';

// Usage counters as items of the `videos` table: { id: <counter key>, used, requests, expiresAt }.
// They have no userId, status, deadlineAt or feedKey, so no index holds them and no resolver lists
// them (getVideo answers null for an item without a title). expiresAt is the table's TTL attribute
// (./table-expiry.ts); each window has its own key, so an expired counter left behind is never
// read again.

/** Counter items' attributes. */
const USED = 'used';
const REQUESTS = 'requests';

interface CounterItem {
  used?: number;
  requests?: Set<string>;
}

export class DynamoDbUsageCounter implements UsageCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(increment: UsageIncrement): Promise<UsageCount> {
    if (increment.amount > increment.limit)
      return { counted: false, total: (await this.read(increment.key)).used ?? 0 };
    const once = increment.requestId !== undefined;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: increment.key },
          // One atomic step: the condition sees the total before the addition.
          UpdateExpression: `ADD #used :amount${once ? ', #requests :requestIds' : ''} SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)`,
          ConditionExpression: `(attribute_not_exists(#used) OR #used <= :room)${once ? ' AND NOT contains(#requests, :requestId)' : ''}`,
          ExpressionAttributeNames: {
            '#used': USED,
            '#expiresAt': EXPIRY_ATTRIBUTE,
            ...(once ? { '#requests': REQUESTS } : {}),
          },
          ExpressionAttributeValues: {
            ':amount': increment.amount,
            ':room': increment.limit - increment.amount,
            ':expiresAt': increment.expiresAtEpochSeconds,
            ...(once ? { ':requestIds': new Set([increment.requestId]), ':requestId': increment.requestId } : {}),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { counted: true, total: (Attributes as CounterItem | undefined)?.used ?? increment.amount };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    // Refused: over the limit, or this request was counted before (then it stands as counted).
    const item = await this.read(increment.key);
    return {
      counted: once && (item.requests?.has(increment.requestId as string) ?? false),
      total: item.used ?? 0,
    };
  }

  private async read(key: string): Promise<CounterItem> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id: key }, ConsistentRead: true }),
    );
    return (Item ?? {}) as CounterItem;
  }
}
