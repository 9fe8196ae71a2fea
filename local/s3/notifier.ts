import { matchingRules, buildS3EventRecord } from './event-notification';
import type { S3EventNotification } from './event-notification';
import type { BucketDefinition } from './buckets';
import type { ObjectMeta } from './store';

export type NotifyTarget = (target: string, event: S3EventNotification) => Promise<void> | void;

export interface NotifierOptions {
  buckets: Map<string, BucketDefinition>;
  region: string;
  notify?: NotifyTarget;
  log: (line: string) => void;
}

export interface EventSource {
  requestId: string;
  sourceIp?: string;
  accessKeyId?: string;
}

/**
 * Sends S3 event notifications as the bucket's configuration says, once the object is durable.
 * A target that fails is logged, never passed on: the client's write already happened, and the
 * queue layer owns delivery from here.
 */
export class Notifier {
  constructor(private readonly options: NotifierOptions) {}

  async emit(bucket: string, eventName: string, object: ObjectMeta, source: EventSource): Promise<void> {
    const { notify, log } = this.options;
    if (!notify) return;
    const rules = matchingRules(this.options.buckets.get(bucket)?.notifications ?? [], eventName, object.key);
    for (const rule of rules) {
      const record = buildS3EventRecord({
        region: this.options.region,
        bucket,
        eventName,
        object,
        configurationId: rule.target,
        requestId: source.requestId,
        sourceIp: source.sourceIp,
        principalId: source.accessKeyId ? `AWS:${source.accessKeyId}` : 'anonymous',
      });
      try {
        await notify(rule.target, { Records: [record] });
      } catch (error) {
        log(
          `S3: notification ${eventName} ${bucket}/${object.key} to ${rule.target} failed: ${(error as Error).message}`,
        );
      }
    }
  }
}
