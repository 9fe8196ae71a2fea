import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { credentialDirectory } from '../iam';
import type { AccessKeyPair, CredentialDirectory } from '../iam';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import type { BucketDefinition } from './buckets';
import type { S3Services } from './context';
import { answerInternalError } from './errors';
import { DAY_MS, startLifecycle } from './lifecycle';
import { MultipartStore } from './multipart-store';
import { Notifier } from './notifier';
import type { NotifyTarget } from './notifier';
import { createS3Handler } from './server';
import { ObjectStore } from './store';

export { loadBucketDefinitions } from './buckets';
export type { BucketDefinition, CorsRule, LoadedBucketDefinition, NotificationRule } from './buckets';
export type { S3EventNotification, S3EventRecord } from './event-notification';
export type { ObjectMeta } from './store';
// Its small XML reader and writer, which CloudFront's restXml API (local/cloudfront) reads with too.
export { escapeXml, parseXml, XmlSyntaxError } from './xml';
export type { XmlElement } from './xml';
/** The first local S3's name for a bucket definition. */
export type BucketPolicy = BucketDefinition;

export interface S3EmulatorOptions {
  /** 0 = any free port. */
  port: number;
  host?: string;
  /** Objects, metadata and multipart uploads live here and survive restarts. */
  dataDir: string;
  /** The region requests must be signed for (default us-east-1). */
  region?: string;
  /** One key pair, with full access (accountId is accepted for the callers that pass LocalCredentials), or the local IAM's principals. */
  credentials: (AccessKeyPair & { accountId?: string }) | CredentialDirectory;
  buckets: BucketDefinition[];
  /** Largest object accepted (PUT, POST, multipart total); default 5 GiB, S3's single-PUT limit. */
  maxObjectBytes?: number;
  log?: (line: string) => void;
  /** How long a lifecycle rule's "day" lasts here (default a real day; tests shorten it). */
  lifecycleDayMs?: number;
  /** Called for each S3 event notification (S3's event JSON, one Record), after the object is durable. */
  notify?: NotifyTarget;
}

export interface S3Emulator {
  endpoint: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 ** 3;
/** The local cloud's account (local-settings.ts) when the caller names none. */
const DEFAULT_ACCOUNT_ID = '000000000000';

/**
 * S3 on one machine: signed access to private buckets, anonymous reads of public ones, data on disk.
 * README.md lists the operations it answers and who calls each one (the product, or only tools).
 */
export async function startS3(options: S3EmulatorOptions): Promise<S3Emulator> {
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? ((line: string) => console.error(line));
  const buckets = new Map(options.buckets.map((bucket) => [bucket.name, bucket]));
  const services: S3Services = {
    store: new ObjectStore(options.dataDir, [...buckets.keys()]),
    multipart: new MultipartStore(path.join(options.dataDir, 'multipart')),
    notifier: new Notifier({ buckets, region, notify: options.notify, log }),
    credentials: credentialDirectory(options.credentials),
    region,
    accountId: options.credentials.accountId ?? DEFAULT_ACCOUNT_ID,
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    buckets,
    log,
  };
  const stopLifecycle = startLifecycle({
    store: services.store,
    multipart: services.multipart,
    rules: new Map(options.buckets.map((bucket) => [bucket.name, bucket.lifecycle ?? []])),
    dayMs: options.lifecycleDayMs,
    intervalMs: Math.min(60_000, Math.max(1_000, (options.lifecycleDayMs ?? DAY_MS) / 24)),
    log,
  });
  const handler = createS3Handler(services);
  const server = createLocalServer((req, res) => handler(req, res), {
    service: 'S3',
    log,
    answerInternalError,
    // Uploads answer only once the request is known to be acceptable (auth, size, bucket).
    onCheckContinue: (req, res) => handler(req, res, true),
  });
  // A video upload can take longer than node's default 5-minute request timeout.
  server.requestTimeout = 0;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port, host, 'S3');
  return {
    endpoint: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () => {
      stopLifecycle();
      return closeServer(server);
    },
  };
}
