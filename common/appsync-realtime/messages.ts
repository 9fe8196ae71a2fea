import type { AppSyncGraphQLError, RealtimeAuthorization, SubscriptionPayload, SubscriptionRequest } from './types';

export type ClientMessage =
  | { type: 'connection_init' }
  | {
      type: 'start';
      id: string;
      payload: { data: string; extensions: { authorization: RealtimeAuthorization } };
    }
  | { type: 'stop'; id: string };

/** A server message, checked and normalized: `errors` is always an array, each with a message. */
export type ServerMessage =
  | { type: 'connection_ack'; connectionTimeoutMs?: number }
  | { type: 'connection_error'; errors: AppSyncGraphQLError[] }
  | { type: 'ka' }
  | { type: 'start_ack'; id: string }
  | { type: 'data'; id: string; payload: SubscriptionPayload }
  /** With an id: that subscription failed (AppSync holds nothing for it). Without: the connection did. */
  | { type: 'error'; id?: string; errors: AppSyncGraphQLError[] }
  | { type: 'complete'; id: string };

/** The messages about one subscription, as the connection hands them on. */
export type OperationMessage =
  Extract<ServerMessage, { id: string }> | { type: 'error'; id: string; errors: AppSyncGraphQLError[] };

export const CONNECTION_INIT: ClientMessage = { type: 'connection_init' };

export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}

/** The `data` string of a start: AppSync wants the request JSON-encoded inside the JSON message. */
export function encodeSubscriptionRequest({ query, variables }: SubscriptionRequest): string {
  return JSON.stringify({ query, variables: variables ?? {} });
}

export interface StartMessageOptions {
  id: string;
  /** From encodeSubscriptionRequest; IAM signs exactly this string. */
  data: string;
  authorization: RealtimeAuthorization;
}

export function buildStartMessage({ id, data, authorization }: StartMessageOptions): ClientMessage {
  return { id, type: 'start', payload: { data, extensions: { authorization } } };
}

export function buildStopMessage(id: string): ClientMessage {
  return { id, type: 'stop' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeErrors(value: unknown): AppSyncGraphQLError[] {
  // AppSync sends some errors (MaxSubscriptionsReachedError, LimitExceededError) as one object, not a list.
  const errors: unknown[] = Array.isArray(value) ? value : [value];
  return errors
    .filter(isRecord)
    .map((error) =>
      typeof error.message === 'string'
        ? (error as unknown as AppSyncGraphQLError)
        : { ...error, message: typeof error.errorType === 'string' ? error.errorType : 'Unknown error' },
    );
}

/** Parses one frame; anything that is not a message this protocol defines comes back undefined. */
export function decodeServerMessage(frame: unknown): ServerMessage | undefined {
  if (typeof frame !== 'string') return undefined;
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return undefined;
  }
  if (!isRecord(message)) return undefined;
  const id = typeof message.id === 'string' ? message.id : undefined;
  const payload = isRecord(message.payload) ? message.payload : {};
  switch (message.type) {
    case 'connection_ack': {
      const timeout = payload.connectionTimeoutMs;
      return typeof timeout === 'number' && timeout > 0
        ? { type: 'connection_ack', connectionTimeoutMs: timeout }
        : { type: 'connection_ack' };
    }
    case 'connection_error':
      return { type: 'connection_error', errors: decodeErrors(payload.errors) };
    case 'ka':
      return { type: 'ka' };
    case 'error':
      return id === undefined
        ? { type: 'error', errors: decodeErrors(payload.errors) }
        : { type: 'error', id, errors: decodeErrors(payload.errors) };
    case 'start_ack':
    case 'complete':
      return id === undefined ? undefined : { type: message.type, id };
    case 'data': {
      if (id === undefined) return undefined;
      const data = isRecord(payload.data) ? payload.data : null;
      return {
        type: 'data',
        id,
        payload: Array.isArray(payload.errors) ? { data, errors: decodeErrors(payload.errors) } : { data },
      };
    }
    default:
      return undefined;
  }
}
