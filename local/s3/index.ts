import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from '../listen';
import type { LocalCredentials } from '../sigv4/verify';
import { createS3Handler } from './server';
import type { BucketPolicy, S3EventSink } from './server';
import { ObjectStore } from './store';
import { MultipartUploads } from './multipart';
import path from 'node:path';

export type { BucketPolicy, S3EventSink } from './server';
export { loadBucketDefinitions } from './buckets';
export type { BucketDefinition, CorsRule } from './buckets';

export interface S3EmulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
  credentials: LocalCredentials;
  buckets: BucketPolicy[];
  maxObjectBytes?: number;
  onEvent?: S3EventSink;
}

export interface S3Emulator {
  endpoint: string;
  close(): Promise<void>;
}

/** S3 on one machine: signed access to private buckets, anonymous reads of public ones, data on disk. */
export async function startS3(options: S3EmulatorOptions): Promise<S3Emulator> {
  const store = new ObjectStore(options.dataDir, options.buckets.map((bucket) => bucket.name));
  const handler = createS3Handler({
    store,
    multipart: new MultipartUploads(path.join(options.dataDir, 'multipart'), store, options.maxObjectBytes ?? 5 * 1024 ** 3),
    buckets: options.buckets,
    credentials: options.credentials,
    maxObjectBytes: options.maxObjectBytes ?? 5 * 1024 ** 3,
    onEvent: options.onEvent,
  });
  const server = createServer((req, res) => void handler(req, res));
  await listen(server, options.port, options.host ?? '127.0.0.1', 'S3');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  };
}
