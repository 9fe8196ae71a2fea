/** The header object AppSync reads for every auth mode: `Authorization`, `x-api-key`, or SigV4's headers. */
export type AuthorizationHeaders = Record<string, string>;

/** The headers plus the GraphQL endpoint's `host`, as the handshake and each start carry them. */
export type RealtimeAuthorization = AuthorizationHeaders & { host: string };

/**
 * What is being authorized: the handshake, or one subscription's start. IAM signs it as a POST of
 * `body` to `url`; a token or an API key ignores it. AppSync checks each start on its own, so a
 * subscription may use a fresher token (or another mode) than the handshake did.
 */
export type AuthorizationRequest =
  { type: 'connect'; url: string; body: '{}' } | { type: 'start'; url: string; body: string };

/** Called for the handshake and again for every start, so a refreshed token is always used. */
export type Authorizer = (request: AuthorizationRequest) => Promise<AuthorizationHeaders>;

/** One GraphQL subscription operation. */
export interface SubscriptionRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/** The AppSync error shape: GraphQL's plus `errorType` (and sometimes `errorInfo`). */
export interface AppSyncGraphQLError {
  message: string;
  errorType?: string;
  errorInfo?: unknown;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** What a `data` message delivers for one subscription. */
export interface SubscriptionPayload {
  data: Record<string, unknown> | null;
  errors?: AppSyncGraphQLError[];
}

/**
 * The part of a WebSocket the client uses. The browser's WebSocket and the `ws` package's both fit.
 * Event parameters are typed `never` on purpose: each implementation has its own event classes, and
 * `never` is the one parameter type both handler signatures are assignable to.
 */
export interface RealtimeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drops the socket without a closing handshake, which a dead network would never finish. */
  terminate?(): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

export type RealtimeSocketConstructor = new (url: string, protocols: string[]) => RealtimeSocket;

/** Timers, passed in so tests can drive the state machine with a fake clock. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
