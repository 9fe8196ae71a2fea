import type { Caller } from '../types';

/** What the real-time protocol needs from the rest of the local AppSync. */
export interface RealtimeBackend {
  /**
   * Verifies an authorization header object (`{host, Authorization}`, `{host, x-api-key}` or SigV4
   * headers). `body` is what an IAM client signed: '{}' for the connection, the data of a start.
   */
  authenticate(authorization: Record<string, string>, body: string): Promise<Caller>;
  /** Validates the document, checks the caller may use the field, runs its resolver. */
  subscribe(request: SubscribeRequest): Promise<SubscribeOutcome>;
}

export interface SubscribeRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string | null;
  caller: Caller;
}

export type SubscribeOutcome =
  { ok: true; subscription: SubscriptionSpec } | { ok: false; errors: Array<{ errorType: string; message: string }> };

export interface SubscriptionSpec {
  fieldName: string;
  triggerMutations: string[];
  /** Non-null arguments: AppSync delivers only events whose same-named result fields are equal. */
  argumentFilters: Record<string, unknown>;
  /** The argument of extensions.setSubscriptionFilter, or null. */
  filter: unknown;
  /** The `data` message payload for a trigger mutation's result. */
  render(mutationResult: Record<string, unknown>): Promise<unknown>;
  /**
   * Equal for two subscriptions only when `render` gives both the same payload for any result:
   * one rendering, serialized once, then serves every subscriber sharing it.
   */
  renderKey: string;
  caller: Caller;
}
