import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The product's tables, from the same files Terraform reads. Their TimeToLiveSpecification is
 * Terraform's `ttl` block; dynalite has no TTL, so locally expired items (the usage counters) stay,
 * as AWS may keep them for some days past their expiry: each is keyed by its window and never read
 * again once the window is over.
 */
export function loadTableDefinitions(): CreateTableCommandInput[] {
  const { TimeToLiveSpecification: _ttl, ...table } = JSON.parse(
    readFileSync(path.join(repoRoot, 'terraform', 'videos-table.json'), 'utf8'),
  ) as CreateTableCommandInput & { TimeToLiveSpecification?: unknown };
  return [table];
}

/** Creates missing tables and adds missing GSIs; leaves what exists alone. */
export async function ensureTables(client: DynamoDBClient, definitions: CreateTableCommandInput[]): Promise<void> {
  for (const definition of definitions) {
    let existing;
    try {
      existing = (await client.send(new DescribeTableCommand({ TableName: definition.TableName }))).Table;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (!existing) {
      await client.send(new CreateTableCommand(definition));
      await waitUntilActive(client, definition.TableName as string);
      continue;
    }
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      if (present.has(index.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: definition.TableName,
          AttributeDefinitions: definition.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } },
          ],
        }),
      );
      await waitUntilActive(client, definition.TableName as string);
    }
  }
}

/** A new table (or index) answers ResourceNotFound until it is ACTIVE, even on the emulator. */
async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
