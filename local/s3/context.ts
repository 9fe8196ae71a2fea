import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessKeyPair, CredentialDirectory } from '../iam';
import type { VerifiedS3Request } from '../sigv4';
import type { BucketDefinition } from './buckets';
import type { MultipartStore } from './multipart-store';
import type { EventSource, Notifier } from './notifier';
import type { EncryptionContext } from './server-side-encryption';
import type { ObjectStore } from './store';

/** What every operation of the local S3 shares. */
export interface S3Services {
  store: ObjectStore;
  multipart: MultipartStore;
  notifier: Notifier;
  /** The access keys S3 knows: one key pair (root) or the local IAM's directory of principals. */
  credentials: AccessKeyPair | CredentialDirectory;
  region: string;
  /** The account that owns the buckets (KMS key ARNs name it). */
  accountId: string;
  maxObjectBytes: number;
  buckets: Map<string, BucketDefinition>;
  log: (line: string) => void;
}

/** One request, routed: its bucket and key, decoded query, effective headers and who signed it. */
export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  services: S3Services;
  requestId: string;
  bucket: string;
  key: string;
  /** Query parameters, decoded. */
  query: Map<string, string>;
  /** Headers by lower-case name; for presigned URLs also the x-amz-* parameters the signer hoisted into the query. */
  headers: Record<string, string>;
  /** undefined: an anonymous request. */
  auth?: VerifiedS3Request;
  /** Call before reading the body: answers `Expect: 100-continue` once the request is known to be acceptable. */
  continueBody(): void;
}

/** The object's URL as the client addressed this server (path style). */
export function objectUrl(ctx: S3Context, key: string): string {
  return `http://${ctx.req.headers.host ?? '127.0.0.1'}/${ctx.bucket}/${encodeURIComponent(key)}`;
}

/** Who caused an event notification: the request, where it came from and who signed it. */
export function eventSource(ctx: S3Context): EventSource {
  return {
    requestId: ctx.requestId,
    sourceIp: ctx.req.socket.remoteAddress?.replace(/^::ffff:/, ''),
    accessKeyId: ctx.auth?.accessKeyId,
  };
}

/** The request's bucket as the encryption rules see it; an unset default is S3's for a new bucket. */
export function encryptionContext(ctx: S3Context): EncryptionContext {
  return {
    bucketDefault: ctx.services.buckets.get(ctx.bucket)?.encryption ?? 'AES256',
    region: ctx.services.region,
    accountId: ctx.services.accountId,
  };
}
