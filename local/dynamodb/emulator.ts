import { Agent } from 'node:http';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { CredentialDirectory } from '../iam';
import type { Log } from '../lib/guard';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import { answerInternalServerError, createIamGateway } from './iam-gateway';
import { partitionKeysOf } from './leading-keys';

export interface DynamoDbEmulator {
  endpoint: string;
  close(): Promise<void>;
}

export interface DynamoDbOptions {
  port: number;
  dataDir: string;
  host?: string;
  /**
   * With the local principals, requests are SigV4-verified and held to IAM before dynalite sees
   * them; `tables` (terraform/videos-table.json's) say each table's partition key, for
   * dynamodb:LeadingKeys.
   */
  iam?: { credentials: CredentialDirectory; region: string; tables: readonly CreateTableCommandInput[] };
  log?: Log;
}

function closeDynalite(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.closeAllConnections?.();
    server.close((error?: Error) => (error ? reject(error) : resolve()));
  });
}

/** dynalite (the DynamoDB API on LevelDB) with its data on disk, so tables survive restarts. */
export async function startDynamoDb(options: DynamoDbOptions): Promise<DynamoDbEmulator> {
  mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const host = options.host ?? '127.0.0.1';
  try {
    // Behind the IAM gateway dynalite listens on a private port; the gateway takes the public one.
    await listen(server, options.iam ? 0 : options.port, options.iam ? '127.0.0.1' : host, 'DynamoDB');
  } catch (error) {
    // dynalite opened its store already: close it, or the data dir stays locked.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const inner = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!options.iam) return { endpoint: inner, close: () => closeDynalite(server) };
  const agent = new Agent({ keepAlive: true });
  const { credentials, region, tables } = options.iam;
  const handle = createIamGateway({
    credentials,
    region,
    partitionKeys: partitionKeysOf(tables),
    target: inner,
    agent,
  });
  const gateway = createLocalServer(handle, {
    service: 'DynamoDB',
    log: options.log,
    answerInternalError: answerInternalServerError,
  });
  try {
    await listen(gateway, options.port, host, 'DynamoDB');
  } catch (error) {
    await closeDynalite(server);
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
    close: async () => {
      await closeServer(gateway);
      agent.destroy();
      await closeDynalite(server);
    },
  };
}
