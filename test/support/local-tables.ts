import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTables, loadTableDefinitions, startDynamoDb } from '../../local/dynamodb';

// A local DynamoDB of a test's own (no IAM gateway), with the product's tables, in a temporary
// data dir that close() removes.

export interface LocalTables {
  client: DynamoDBClient;
  close(): Promise<void>;
}

export async function startLocalTables(name: string): Promise<LocalTables> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `videopipe-${name}-`));
  const emulator = await startDynamoDb({ port: 0, dataDir });
  const client = new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  await ensureTables(client, loadTableDefinitions());
  return {
    client,
    close: async () => {
      client.destroy();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
