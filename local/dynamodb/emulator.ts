import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { listen } from '../listen';

export interface DynamoDbEmulator {
  endpoint: string;
  close(): Promise<void>;
}

/** dynalite (the DynamoDB API on LevelDB) with its data on disk, so tables survive restarts. */
export async function startDynamoDb(options: { port: number; dataDir: string; host?: string }): Promise<DynamoDbEmulator> {
  mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await listen(server, options.port, options.host ?? '127.0.0.1', 'DynamoDB');
  } catch (error) {
    // dynalite opened its store already: close it, or the data dir stays locked.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}
