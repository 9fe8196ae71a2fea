import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
}

export interface NotificationRule {
  /** S3 event types, e.g. 's3:ObjectCreated:*', 's3:ObjectRemoved:*'. */
  events: string[];
  prefix?: string;
  suffix?: string;
  /** The queue the events go to. */
  target: string;
}

/**
 * An S3 lifecycle rule on a prefix, with one action or both: Expiration of current objects some
 * days after they were written, AbortIncompleteMultipartUpload some days after an upload began.
 */
export interface LifecycleRule {
  id: string;
  prefix: string;
  expirationDays?: number;
  abortIncompleteMultipartUploadDays?: number;
}

/** S3 Object Ownership as the local S3 models it: ACLs disabled, the bucket owner owns every object. */
export type ObjectOwnership = 'BucketOwnerEnforced';

/** A bucket's default server-side encryption as the local S3 models it: SSE-S3. */
export type DefaultEncryption = 'AES256';

export interface BucketDefinition {
  name: string;
  /** public-read: anyone may GET and HEAD objects (a bucket policy granting s3:GetObject to "*"); writes and listings stay signed. */
  access: 'private' | 'public-read';
  /** Default BucketOwnerEnforced, S3's default for a new bucket. */
  objectOwnership?: ObjectOwnership;
  /** Default AES256, S3's default for a new bucket. */
  encryption?: DefaultEncryption;
  /** One CORS rule, or several tried in order as S3 does. */
  cors?: CorsRule | CorsRule[];
  notifications?: NotificationRule[];
  lifecycle?: LifecycleRule[];
}

/** What loadBucketDefinitions returns: rules always present, and each notification's queue named twice. */
export interface LoadedBucketDefinition extends BucketDefinition {
  cors: CorsRule[];
  /** `queue` repeats `target` for callers written before `target` (local-cloud's first S3 wiring). */
  notifications: Array<NotificationRule & { queue: string }>;
}

interface BucketEntry {
  access: BucketDefinition['access'];
  objectOwnership: string;
  encryption: string;
  cors: CorsRule[];
  notifications: Array<{ events: string[]; prefix?: string; suffix?: string; queue: string }>;
  lifecycle?: LifecycleRule[];
}

/** terraform/buckets.json: one entry per product bucket; names and web origins come per environment. */
type BucketsFile = Record<'raw' | 'playback', BucketEntry>;

/** The placeholder in terraform/buckets.json's allowedOrigins that stands for the web app's origins. */
export const WEB_ORIGINS_PLACEHOLDER = 'webOrigins';

const OBJECT_OWNERSHIPS: readonly string[] = ['BucketOwnerEnforced'] satisfies ObjectOwnership[];
const DEFAULT_ENCRYPTIONS: readonly string[] = ['AES256'] satisfies DefaultEncryption[];

/** A setting Terraform would apply but the local S3 cannot honour stops the start, in a sentence. */
function supported<T extends string>(role: string, setting: string, value: string, allowed: readonly string[]): T {
  if (!allowed.includes(value)) {
    throw new Error(
      `terraform/buckets.json: the ${role} bucket's ${setting} "${value}" is not one the local S3 models (${allowed.join(', ')}).`,
    );
  }
  return value as T;
}

/** S3 refuses a lifecycle rule without an action; so does the start, before Terraform would. */
function checkedLifecycle(role: string, rules: LifecycleRule[] = []): LifecycleRule[] {
  for (const rule of rules)
    if (rule.expirationDays === undefined && rule.abortIncompleteMultipartUploadDays === undefined)
      throw new Error(
        `terraform/buckets.json: the ${role} bucket's lifecycle rule "${rule.id}" has no action (expirationDays, abortIncompleteMultipartUploadDays).`,
      );
  return rules;
}

/** The product's raw and playback buckets from terraform/buckets.json, the file Terraform reads too. */
export function loadBucketDefinitions(
  names: { raw: string; playback: string },
  webOrigins: string[],
): LoadedBucketDefinition[] {
  const file = JSON.parse(
    readFileSync(path.resolve(__dirname, '..', '..', 'terraform', 'buckets.json'), 'utf8'),
  ) as BucketsFile;
  return (['raw', 'playback'] as const).map((role) => {
    const entry = file[role];
    return {
      name: names[role],
      access: entry.access,
      objectOwnership: supported<ObjectOwnership>(role, 'objectOwnership', entry.objectOwnership, OBJECT_OWNERSHIPS),
      encryption: supported<DefaultEncryption>(role, 'encryption', entry.encryption, DEFAULT_ENCRYPTIONS),
      cors: entry.cors.map((rule) => ({
        ...rule,
        allowedOrigins: rule.allowedOrigins.flatMap((origin) =>
          origin === WEB_ORIGINS_PLACEHOLDER ? webOrigins : [origin],
        ),
      })),
      notifications: entry.notifications.map((rule) => ({ ...rule, target: rule.queue, queue: rule.queue })),
      lifecycle: checkedLifecycle(role, entry.lifecycle),
    };
  });
}

export function corsRulesOf(bucket: BucketDefinition | undefined): CorsRule[] {
  if (!bucket?.cors) return [];
  return Array.isArray(bucket.cors) ? bucket.cors : [bucket.cors];
}
