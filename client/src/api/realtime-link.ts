import { OperationTypeNode } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ApolloLink } from '@apollo/client/link';
import { HttpLink } from '@apollo/client/link/http';
import { print } from '@apollo/client/utilities';
import { Observable } from 'rxjs';
import type { Subscriber } from 'rxjs';
import type { ClientConfig } from '../../../common/client-config';
import { createAuthLink } from './auth-link';
import type { AuthorizationHeaders, GetAuthorization } from './authorization';

/**
 * The part of a WebSocket this link uses. The browser's WebSocket and the `ws` package's both fit.
 * Event parameters are typed `never` on purpose: each implementation has its own event classes, and
 * `never` is the one parameter type both handler signatures are assignable to. Handlers read only
 * `data` (messages) and nothing else.
 */
export interface RealtimeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

export type RealtimeSocketConstructor = new (url: string, protocols: string[]) => RealtimeSocket;

export interface ReconnectOptions {
  /** First delay after a lost connection (default 1000 ms); doubles on each failed attempt. */
  initialDelayMs?: number;
  /** Longest delay between attempts (default 30 s). */
  maxDelayMs?: number;
  /** Attempts before the active subscriptions fail with an error (default: never give up). */
  maxAttempts?: number;
}

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface AppSyncRealtimeLinkOptions {
  /** The API's real-time endpoint (wss://….appsync-realtime-api…/graphql on AWS). */
  realtimeUrl: string;
  /** The API's GraphQL endpoint: its host is the `host` AppSync expects in every authorization object. */
  graphqlUrl: string;
  getAuthorization: GetAuthorization;
  /** Defaults to globalThis.WebSocket; pass the `ws` package's class in Node. */
  WebSocket?: RealtimeSocketConstructor;
  reconnect?: ReconnectOptions;
  /** How long the socket stays open after the last subscription ends (default 1000 ms), so a re-render that re-subscribes reuses it. */
  idleCloseMs?: number;
  /**
   * Told when the socket connects, reconnects or closes. Events published while the socket was
   * down are lost (AppSync keeps no backlog), so a UI may refetch on 'connected' after 'reconnecting'.
   */
  onStatusChange?: (status: RealtimeStatus) => void;
}

/** The AppSync error shape: GraphQL's plus `errorType` (and sometimes `errorInfo`). */
export type AppSyncGraphQLError = GraphQLFormattedError & { errorType?: string; errorInfo?: unknown };

interface ServerMessage {
  type: string;
  id?: string;
  payload?: { data?: Record<string, unknown> | null; errors?: AppSyncGraphQLError[]; connectionTimeoutMs?: number };
}

interface ActiveSubscription {
  id: string;
  /** The `data` string of the start message: AppSync wants the request JSON-encoded inside JSON. */
  request: string;
  observer: Subscriber<ApolloLink.Result>;
}

interface Connection {
  socket: RealtimeSocket;
  acknowledged: boolean;
  /** Fires when neither connection_ack nor ka arrived in time: the connection is presumed dead. */
  keepAliveTimer?: ReturnType<typeof setTimeout>;
  keepAliveMs: number;
}

/** How long to wait for connection_ack (Amplify waits 15 s too). */
const ACK_TIMEOUT_MS = 15_000;
/** AppSync's documented default when connection_ack carries no connectionTimeoutMs. */
const DEFAULT_KEEP_ALIVE_MS = 300_000;

/** Standard base64 of the UTF-8 bytes (btoa alone throws on non-Latin-1 text, e.g. in a token claim). */
export function base64Json(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The handshake URL: `header` is the base64 authorization object with `host`; `payload` is base64 `{}`. */
export function realtimeHandshakeUrl(
  realtimeUrl: string,
  authorization: AuthorizationHeaders & { host: string },
): string {
  const url = new URL(realtimeUrl);
  url.searchParams.set('header', base64Json(authorization));
  url.searchParams.set('payload', base64Json({}));
  return url.toString();
}

let fallbackCounter = 0;
/** crypto.randomUUID exists only in secure contexts; a dev page served over plain http from a LAN address is not one. */
function subscriptionId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  fallbackCounter += 1;
  return `${Date.now().toString(36)}-${fallbackCounter}-${Math.random().toString(36).slice(2)}`;
}

function asErrors(errors: AppSyncGraphQLError[] | undefined, fallback: string): AppSyncGraphQLError[] {
  return errors && errors.length > 0 ? errors : [{ message: fallback }];
}

/**
 * Subscriptions over AppSync's real-time WebSocket protocol, for Apollo Client 4. All subscriptions
 * share one socket, opened on the first and closed shortly after the last. A lost socket (or a
 * lapsed keep-alive) is reopened with backoff and every active subscription is started again; the
 * observers stay subscribed and see nothing until real events arrive.
 */
export class AppSyncRealtimeLink extends ApolloLink {
  private readonly options: AppSyncRealtimeLinkOptions;
  private readonly host: string;
  private readonly WebSocketClass: RealtimeSocketConstructor;
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  private connection?: Connection;
  /** Set while a connection is being prepared (the handshake's authorization is async). */
  private opening = false;
  private failedAttempts = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private idleTimer?: ReturnType<typeof setTimeout>;

  constructor(options: AppSyncRealtimeLinkOptions) {
    super();
    this.options = options;
    this.host = new URL(options.graphqlUrl).host;
    const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: RealtimeSocketConstructor }).WebSocket;
    if (!WebSocketClass)
      throw new Error('AppSyncRealtimeLink needs a WebSocket implementation (pass the ws package in Node).');
    this.WebSocketClass = WebSocketClass;
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    return new Observable<ApolloLink.Result>((observer) => {
      const subscription: ActiveSubscription = {
        id: subscriptionId(),
        request: JSON.stringify({ query: print(operation.query), variables: operation.variables }),
        observer,
      };
      this.subscriptions.set(subscription.id, subscription);
      clearTimeout(this.idleTimer);
      if (this.connection?.acknowledged) void this.start(subscription, this.connection);
      else if (!this.connection && !this.opening && this.reconnectTimer === undefined) void this.open();
      return () => this.stop(subscription.id);
    });
  }

  /** Opens the shared socket; active subscriptions are started once AppSync acknowledges it. */
  private async open(): Promise<void> {
    this.opening = true;
    // A reconnect was announced as 'reconnecting' when the socket was lost.
    if (this.failedAttempts === 0) this.options.onStatusChange?.('connecting');
    let url: string;
    try {
      url = realtimeHandshakeUrl(this.options.realtimeUrl, {
        host: this.host,
        ...(await this.options.getAuthorization('subscription')),
      });
    } catch (error) {
      this.opening = false;
      return this.failAll(error);
    }
    this.opening = false;
    if (this.subscriptions.size === 0) return this.options.onStatusChange?.('closed');
    const connection: Connection = {
      socket: new this.WebSocketClass(url, ['graphql-ws']),
      acknowledged: false,
      keepAliveMs: ACK_TIMEOUT_MS,
    };
    this.connection = connection;
    this.armKeepAlive(connection);
    connection.socket.onopen = () => connection.socket.send(JSON.stringify({ type: 'connection_init' }));
    connection.socket.onmessage = (event: { data: unknown }) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      if (this.connection === connection) this.onMessage(connection, message);
    };
    // An error event is always followed by close, so close alone decides what happens next.
    connection.socket.onerror = () => undefined;
    connection.socket.onclose = () => {
      if (this.connection === connection) this.lost(connection);
    };
  }

  private onMessage(connection: Connection, message: ServerMessage): void {
    const subscription = message.id ? this.subscriptions.get(message.id) : undefined;
    switch (message.type) {
      case 'connection_ack':
        connection.acknowledged = true;
        connection.keepAliveMs = message.payload?.connectionTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS;
        this.armKeepAlive(connection);
        this.failedAttempts = 0;
        this.options.onStatusChange?.('connected');
        for (const active of this.subscriptions.values()) void this.start(active, connection);
        return;
      case 'ka':
        this.armKeepAlive(connection);
        return;
      case 'start_ack':
        // A start that raced its own stop (AppSync registered it after the stop arrived): stop it again.
        if (!subscription && message.id) this.send(connection, { id: message.id, type: 'stop' });
        return;
      case 'data':
        if (subscription)
          subscription.observer.next({
            data: message.payload?.data ?? null,
            ...(message.payload?.errors ? { errors: message.payload.errors } : {}),
          });
        return;
      case 'complete':
        // Normally the answer to our stop (already forgotten); otherwise AppSync ended it.
        if (subscription) {
          this.subscriptions.delete(subscription.id);
          subscription.observer.complete();
          this.closeWhenIdle();
        }
        return;
      case 'error':
        if (subscription) {
          // The start was refused (Unauthorized, validation...): AppSync holds nothing for this id.
          this.subscriptions.delete(subscription.id);
          subscription.observer.error(
            new CombinedGraphQLErrors({
              data: null,
              errors: asErrors(message.payload?.errors, 'The subscription failed.'),
            }),
          );
          this.closeWhenIdle();
          return;
        }
        if (message.id) return;
        // An error about the connection itself: as fatal as connection_error.
        return this.failAll(
          new CombinedGraphQLErrors({
            data: null,
            errors: asErrors(message.payload?.errors, 'The real-time connection failed.'),
          }),
        );
      case 'connection_error':
        // The handshake's authorization was refused: retrying with the same credentials would loop.
        return this.failAll(
          new CombinedGraphQLErrors({
            data: null,
            errors: asErrors(message.payload?.errors, 'The real-time connection was refused.'),
          }),
        );
      default:
        return;
    }
  }

  /** Sends a start with authorization of its own: subscriptions may outlive the token of the handshake. */
  private async start(subscription: ActiveSubscription, connection: Connection): Promise<void> {
    let authorization: AuthorizationHeaders;
    try {
      authorization = await this.options.getAuthorization('subscription');
    } catch (error) {
      if (this.subscriptions.delete(subscription.id)) subscription.observer.error(error);
      return this.closeWhenIdle();
    }
    // Ended, or the socket was replaced, while the authorization was fetched: the next ack restarts it.
    if (this.subscriptions.get(subscription.id) !== subscription || this.connection !== connection) return;
    this.send(connection, {
      id: subscription.id,
      type: 'start',
      payload: { data: subscription.request, extensions: { authorization: { host: this.host, ...authorization } } },
    });
  }

  private stop(id: string): void {
    if (!this.subscriptions.delete(id)) return;
    if (this.connection?.acknowledged) this.send(this.connection, { id, type: 'stop' });
    this.closeWhenIdle();
  }

  private send(connection: Connection, message: unknown): void {
    // 1 = OPEN in both the browser's WebSocket and ws.
    if (connection.socket.readyState === 1) connection.socket.send(JSON.stringify(message));
  }

  /** AppSync sends ka every minute or so; silence longer than connectionTimeoutMs means a dead link. */
  private armKeepAlive(connection: Connection): void {
    clearTimeout(connection.keepAliveTimer);
    connection.keepAliveTimer = setTimeout(() => {
      if (this.connection === connection) this.lost(connection);
    }, connection.keepAliveMs);
  }

  /** Forgets the socket (closing it if still open) without waiting for its close event, which a dead network may never deliver. */
  private discard(connection: Connection): void {
    clearTimeout(connection.keepAliveTimer);
    connection.socket.onopen = connection.socket.onmessage = connection.socket.onclose = null;
    if (this.connection === connection) this.connection = undefined;
    if (connection.socket.readyState <= 1) connection.socket.close(1000);
  }

  /** The socket died: reopen it with backoff while anyone is still subscribed. */
  private lost(connection: Connection): void {
    this.discard(connection);
    if (this.subscriptions.size === 0) return this.options.onStatusChange?.('closed');
    const { initialDelayMs = 1000, maxDelayMs = 30_000, maxAttempts = Infinity } = this.options.reconnect ?? {};
    if (this.failedAttempts >= maxAttempts)
      return this.failAll(new Error('The real-time connection was lost and could not be re-established.'));
    // Exponential backoff with jitter (half to full delay), so many clients do not return in step.
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** this.failedAttempts) * (0.5 + Math.random() / 2);
    this.failedAttempts += 1;
    this.options.onStatusChange?.('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.subscriptions.size > 0) void this.open();
    }, delay);
  }

  /** Ends every active subscription with `error` and closes the socket. */
  private failAll(error: unknown): void {
    const failed = [...this.subscriptions.values()];
    this.subscriptions.clear();
    this.shutdown();
    for (const subscription of failed) subscription.observer.error(error);
  }

  private closeWhenIdle(): void {
    if (this.subscriptions.size > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.subscriptions.size === 0) this.shutdown();
    }, this.options.idleCloseMs ?? 1000);
  }

  private shutdown(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.failedAttempts = 0;
    if (this.connection) {
      this.discard(this.connection);
      this.options.onStatusChange?.('closed');
    }
  }
}

export interface BuildAppSyncLinkOptions {
  config: Pick<ClientConfig, 'graphqlUrl' | 'realtimeUrl'>;
  getAuthorization: GetAuthorization;
  WebSocket?: RealtimeSocketConstructor;
  fetch?: typeof fetch;
  /** Passed on to AppSyncRealtimeLink. */
  realtime?: Pick<AppSyncRealtimeLinkOptions, 'reconnect' | 'idleCloseMs' | 'onStatusChange'>;
}

function isSubscription(operation: ApolloLink.Operation): boolean {
  return operation.operationType === OperationTypeNode.SUBSCRIPTION;
}

/** The whole AppSync transport: subscriptions over the real-time socket, the rest over HTTP with auth headers. */
export function buildAppSyncLink({
  config,
  getAuthorization,
  WebSocket,
  fetch,
  realtime,
}: BuildAppSyncLinkOptions): ApolloLink {
  const realtimeLink = new AppSyncRealtimeLink({
    realtimeUrl: config.realtimeUrl,
    graphqlUrl: config.graphqlUrl,
    getAuthorization,
    WebSocket,
    ...realtime,
  });
  const httpLink = createAuthLink(getAuthorization).concat(new HttpLink({ uri: config.graphqlUrl, fetch }));
  return ApolloLink.split(isSubscription, realtimeLink, httpLink);
}
