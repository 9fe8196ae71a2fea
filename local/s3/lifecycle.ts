import { guardListener } from '../lib/guard';
import type { LifecycleRule } from './buckets';
import type { MultipartStore } from './multipart-store';
import type { ObjectStore } from './store';

// S3 lifecycle rules on one machine: objects older than a rule's Expiration days are deleted, and
// multipart uploads begun more than its AbortIncompleteMultipartUpload days ago are aborted, as S3
// does in its daily pass (S3 rounds to the next midnight UTC; locally the age alone counts). On AWS
// the same rules from terraform/buckets.json sweep raw uploads that were never processed and the
// parts of uploads nobody completed (a MediaConvert job stopped mid-output among them).

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface LifecycleOptions {
  store: ObjectStore;
  /** Open multipart uploads, which AbortIncompleteMultipartUpload rules abort. */
  multipart?: MultipartStore;
  rules: Map<string, LifecycleRule[]>;
  /** How long a lifecycle "day" lasts locally (tests shorten it). */
  dayMs?: number;
  intervalMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/** Deletes what the rules say has expired; returns the keys deleted per bucket. */
export function expireObjects(options: LifecycleOptions): Array<{ bucket: string; key: string; rule: string }> {
  const now = (options.now ?? Date.now)();
  const expired: Array<{ bucket: string; key: string; rule: string }> = [];
  for (const [bucket, rules] of options.rules) {
    for (const rule of rules) {
      if (rule.expirationDays === undefined) continue;
      const cutoff = now - rule.expirationDays * (options.dayMs ?? DAY_MS);
      for (const meta of options.store.list(bucket, { from: rule.prefix })) {
        if (!meta.key.startsWith(rule.prefix)) break;
        if (Date.parse(meta.lastModified) <= cutoff && options.store.delete(bucket, meta.key))
          expired.push({ bucket, key: meta.key, rule: rule.id });
      }
    }
  }
  for (const item of expired) options.log?.(`s3: lifecycle rule ${item.rule} expired ${item.bucket}/${item.key}`);
  return expired;
}

/**
 * Aborts what the rules say has been left incomplete too long; returns the uploads aborted. It
 * needs no object store, so a test can run it with a clock of its own on a running S3's uploads.
 */
export function abortIncompleteUploads(
  options: Pick<LifecycleOptions, 'multipart' | 'rules' | 'dayMs' | 'now' | 'log'>,
): Array<{ bucket: string; key: string; uploadId: string; rule: string }> {
  const now = (options.now ?? Date.now)();
  const aborted: Array<{ bucket: string; key: string; uploadId: string; rule: string }> = [];
  for (const [bucket, rules] of options.rules) {
    for (const rule of rules) {
      if (rule.abortIncompleteMultipartUploadDays === undefined || !options.multipart) continue;
      const cutoff = now - rule.abortIncompleteMultipartUploadDays * (options.dayMs ?? DAY_MS);
      for (const { uploadId, state } of options.multipart.list(bucket, rule.prefix)) {
        if (Date.parse(state.initiated) > cutoff) continue;
        options.multipart.remove(uploadId);
        aborted.push({ bucket, key: state.key, uploadId, rule: rule.id });
      }
    }
  }
  for (const item of aborted)
    options.log?.(`s3: lifecycle rule ${item.rule} aborted the incomplete upload of ${item.bucket}/${item.key}`);
  return aborted;
}

/** Runs both actions now and then every intervalMs; returns a stop function. */
export function startLifecycle(options: LifecycleOptions): () => void {
  const run = guardListener(
    () => {
      expireObjects(options);
      abortIncompleteUploads(options);
    },
    { what: 's3: lifecycle pass', log: options.log },
  );
  run();
  const timer = setInterval(run, options.intervalMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
