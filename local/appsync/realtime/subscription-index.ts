import { requiredStringEquality } from './filter';
import type { SubscriptionSpec } from './types';

/** One started subscription: its connection, its id there, and what it asked for. */
export interface StartedSubscription<C> {
  connection: C;
  id: string;
  spec: SubscriptionSpec;
}

/** A field every event a subscription can match must carry, with the string it must equal there. */
interface Key {
  fieldName: string;
  value: string;
}

interface MutationBucket<C> {
  /** By key field, then by the value required there. */
  keyed: Map<string, Map<string, Set<StartedSubscription<C>>>>;
  /** Subscriptions no one field value narrows: every event of the mutation is a candidate. */
  unkeyed: Set<StartedSubscription<C>>;
}

/**
 * A non-null string argument (events must carry it under the same name) or an `eq` the filter
 * requires: either rules out every event without that value, so a publish need not look further.
 */
function keyOf(spec: SubscriptionSpec): Key | null {
  for (const [fieldName, value] of Object.entries(spec.argumentFilters))
    if (typeof value === 'string') return { fieldName, value };
  return requiredStringEquality(spec.filter);
}

/**
 * The started subscriptions by trigger mutation and, within one, by a field value their events
 * must have (the owner's sub, a video's id): a publish visits the few subscriptions that could
 * match instead of every one on every connection. Candidates still go through the full match.
 */
export class SubscriptionIndex<C> {
  private readonly byMutation = new Map<string, MutationBucket<C>>();

  add(subscription: StartedSubscription<C>): void {
    const key = keyOf(subscription.spec);
    for (const mutation of subscription.spec.triggerMutations) {
      const bucket = this.bucket(mutation);
      if (!key) {
        bucket.unkeyed.add(subscription);
        continue;
      }
      const byValue = bucket.keyed.get(key.fieldName) ?? new Map<string, Set<StartedSubscription<C>>>();
      bucket.keyed.set(key.fieldName, byValue);
      const members = byValue.get(key.value) ?? new Set<StartedSubscription<C>>();
      byValue.set(key.value, members);
      members.add(subscription);
    }
  }

  remove(subscription: StartedSubscription<C>): void {
    const key = keyOf(subscription.spec);
    for (const mutation of subscription.spec.triggerMutations) {
      const bucket = this.byMutation.get(mutation);
      if (!bucket) continue;
      if (!key) {
        bucket.unkeyed.delete(subscription);
        continue;
      }
      const byValue = bucket.keyed.get(key.fieldName);
      const members = byValue?.get(key.value);
      members?.delete(subscription);
      // Emptied entries go, so a long-running server does not keep one per past user or video.
      if (members?.size === 0) byValue?.delete(key.value);
      if (byValue?.size === 0) bucket.keyed.delete(key.fieldName);
    }
  }

  /** Each subscription that could match an event of `mutationField` with this result, once. */
  *candidates(mutationField: string, result: Record<string, unknown>): Generator<StartedSubscription<C>> {
    const bucket = this.byMutation.get(mutationField);
    if (!bucket) return;
    for (const [fieldName, byValue] of bucket.keyed) {
      const value = result[fieldName];
      if (typeof value === 'string') yield* byValue.get(value) ?? [];
    }
    yield* bucket.unkeyed;
  }

  private bucket(mutation: string): MutationBucket<C> {
    let bucket = this.byMutation.get(mutation);
    if (!bucket) {
      bucket = { keyed: new Map(), unkeyed: new Set() };
      this.byMutation.set(mutation, bucket);
    }
    return bucket;
  }
}
