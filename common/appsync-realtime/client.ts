import { computeReconnectDelay, DEFAULT_RECONNECT } from './backoff';
import type { ReconnectOptions } from './backoff';
import { systemClock } from './clock';
import { ConnectionState, RealtimeConnection } from './connection';
import type { ConnectionEnd } from './connection';
import { DEFAULT_ACK_TIMEOUT_MS } from './constants';
import { ConnectionFailedError, ConnectionLostError, ConnectionRefusedError, SubscriptionFailedError } from './errors';
import {
  buildConnectAuthorizationRequest,
  buildHandshake,
  buildRealtimeAuthorization,
  buildStartAuthorizationRequest,
} from './handshake';
import type { HandshakeTransport } from './handshake';
import { buildStartMessage, buildStopMessage, encodeSubscriptionRequest } from './messages';
import type { OperationMessage } from './messages';
import { newSubscriptionId } from './subscription-id';
import type {
  AuthorizationHeaders,
  AuthorizationRequest,
  Authorizer,
  Clock,
  RealtimeSocketConstructor,
  SubscriptionPayload,
  SubscriptionRequest,
} from './types';

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface AppSyncRealtimeClientOptions {
  /** The API's real-time endpoint (wss://….appsync-realtime-api…/graphql on AWS). */
  realtimeUrl: string;
  /** The API's GraphQL endpoint: its host goes in every authorization object, and IAM signs requests to it. */
  graphqlUrl: string;
  authorize: Authorizer;
  /** Defaults to globalThis.WebSocket; pass the `ws` package's class in Node. */
  WebSocket?: RealtimeSocketConstructor;
  /** Default `query`. */
  handshake?: HandshakeTransport;
  /** Default: retry for ever with backoff; `{ maxAttempts: 0 }` fails the subscriptions at the first loss. */
  reconnect?: ReconnectOptions;
  /** How long the socket stays open after the last subscription ends (default 1000 ms), so a re-render that re-subscribes reuses it. */
  idleCloseMs?: number;
  /** Default 15 s. */
  ackTimeoutMs?: number;
  /**
   * Told when the socket connects, reconnects or closes. Events published while the socket was
   * down are lost (AppSync keeps no backlog), so a UI may refetch on 'connected' after 'reconnecting'.
   */
  onStatusChange?: (status: RealtimeStatus) => void;
  clock?: Clock;
  /** Jitter for the backoff; Math.random by default. */
  random?: () => number;
  newId?: () => string;
}

export interface SubscriptionObserver {
  /** start_ack: AppSync registered the subscription (again after each reconnect). */
  onStarted?(): void;
  onData(payload: SubscriptionPayload): void;
  /**
   * The subscription is over: a RealtimeGraphQLError or ConnectionLostError from errors.ts, or
   * whatever the authorizer threw.
   */
  onError(error: unknown): void;
  /** The server ended the subscription. */
  onComplete(): void;
}

interface ActiveSubscription {
  id: string;
  /** The start's `data` string. */
  data: string;
  observer: SubscriptionObserver;
}

/**
 * GraphQL subscriptions over AppSync's real-time protocol. All subscriptions share one socket,
 * opened on the first and closed shortly after the last. A lost socket (or a lapsed keep-alive) is
 * reopened with backoff and every active subscription is started again under the same id; the
 * observers see nothing of it until real events arrive.
 */
export class AppSyncRealtimeClient {
  private readonly options: AppSyncRealtimeClientOptions;
  private readonly WebSocketClass: RealtimeSocketConstructor;
  private readonly clock: Clock;
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  private connection?: RealtimeConnection;
  /** Set while the handshake's (async) authorization is fetched. */
  private opening = false;
  private failedAttempts = 0;
  private reconnectTimer: unknown;
  private idleTimer: unknown;
  private status: RealtimeStatus = 'closed';

  constructor(options: AppSyncRealtimeClientOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: RealtimeSocketConstructor }).WebSocket;
    if (!WebSocketClass) throw new Error('The real-time client needs a WebSocket implementation (pass ws in Node).');
    this.WebSocketClass = WebSocketClass;
  }

  /** Starts a subscription; the returned function stops it. */
  subscribe(request: SubscriptionRequest, observer: SubscriptionObserver): () => void {
    const subscription: ActiveSubscription = {
      id: (this.options.newId ?? newSubscriptionId)(),
      data: encodeSubscriptionRequest(request),
      observer,
    };
    this.subscriptions.set(subscription.id, subscription);
    this.clearIdleTimer();
    const connection = this.connection;
    if (connection?.state === ConnectionState.Ready) void this.start(subscription, connection);
    else if (!connection && !this.opening && this.reconnectTimer === undefined) void this.open();
    return () => this.stop(subscription.id);
  }

  /** Stops every subscription (their observers are not told) and closes the socket now. */
  close(): void {
    for (const id of [...this.subscriptions.keys()]) this.sendStop(id);
    this.subscriptions.clear();
    this.shutdown();
  }

  private authorize(request: AuthorizationRequest): Promise<AuthorizationHeaders> {
    return this.options.authorize(request);
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatusChange?.(status);
  }

  /** Opens the shared socket; active subscriptions are started once AppSync acknowledges it. */
  private async open(): Promise<void> {
    this.opening = true;
    // A reconnect was announced as 'reconnecting' when the socket was lost.
    if (this.failedAttempts === 0) this.setStatus('connecting');
    let connection: RealtimeConnection;
    try {
      const headers = await this.authorize(buildConnectAuthorizationRequest(this.options.graphqlUrl));
      this.opening = false;
      if (this.subscriptions.size === 0) return this.shutdown();
      connection = new RealtimeConnection({
        handshake: buildHandshake({
          realtimeUrl: this.options.realtimeUrl,
          authorization: buildRealtimeAuthorization(this.options.graphqlUrl, headers),
          transport: this.options.handshake,
        }),
        WebSocket: this.WebSocketClass,
        clock: this.clock,
        ackTimeoutMs: this.options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
        listener: {
          onReady: () => this.onReady(connection),
          onOperationMessage: (message) => this.onOperationMessage(connection, message),
          onEnd: (end) => this.onEnd(connection, end),
        },
      });
    } catch (error) {
      // The authorizer threw, or the WebSocket constructor refused the URL.
      this.opening = false;
      return this.failAll(error);
    }
    this.connection = connection;
  }

  private onReady(connection: RealtimeConnection): void {
    if (this.connection !== connection) return;
    this.failedAttempts = 0;
    this.setStatus('connected');
    for (const subscription of this.subscriptions.values()) void this.start(subscription, connection);
  }

  /** Sends a start with authorization of its own: subscriptions may outlive the token of the handshake. */
  private async start(subscription: ActiveSubscription, connection: RealtimeConnection): Promise<void> {
    let headers: AuthorizationHeaders;
    try {
      headers = await this.authorize(buildStartAuthorizationRequest(this.options.graphqlUrl, subscription.data));
    } catch (error) {
      if (this.subscriptions.delete(subscription.id)) subscription.observer.onError(error);
      return this.closeWhenIdle();
    }
    // Ended, or the socket was replaced, while the authorization was fetched: the next ack restarts it.
    if (this.subscriptions.get(subscription.id) !== subscription || this.connection !== connection) return;
    connection.send(
      buildStartMessage({
        id: subscription.id,
        data: subscription.data,
        authorization: buildRealtimeAuthorization(this.options.graphqlUrl, headers),
      }),
    );
  }

  private onOperationMessage(connection: RealtimeConnection, message: OperationMessage): void {
    if (this.connection !== connection) return;
    const subscription = this.subscriptions.get(message.id);
    switch (message.type) {
      case 'start_ack':
        // A start that raced its own stop (AppSync registered it after the stop arrived): stop it again.
        if (!subscription) return connection.send(buildStopMessage(message.id));
        return subscription.observer.onStarted?.();
      case 'data':
        return subscription?.observer.onData(message.payload);
      case 'complete':
        // Normally the answer to our stop (already forgotten); otherwise AppSync ended it.
        if (!subscription) return;
        this.subscriptions.delete(subscription.id);
        subscription.observer.onComplete();
        return this.closeWhenIdle();
      case 'error':
        if (!subscription) return;
        this.subscriptions.delete(subscription.id);
        subscription.observer.onError(new SubscriptionFailedError(message.errors));
        return this.closeWhenIdle();
    }
  }

  private onEnd(connection: RealtimeConnection, end: ConnectionEnd): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    switch (end.type) {
      case 'refused':
        return this.failAll(new ConnectionRefusedError(end.errors));
      case 'failed':
        return this.failAll(new ConnectionFailedError(end.errors));
      case 'lost':
        return this.reconnect(new ConnectionLostError(end.reason, end.detail));
    }
  }

  /** The socket died: reopen it with backoff while anyone is still subscribed. */
  private reconnect(lost: ConnectionLostError): void {
    if (this.subscriptions.size === 0) return this.shutdown();
    const { initialDelayMs, maxDelayMs, maxAttempts } = { ...DEFAULT_RECONNECT, ...this.options.reconnect };
    if (this.failedAttempts >= maxAttempts) return this.failAll(lost);
    const delay = computeReconnectDelay({
      attempt: this.failedAttempts,
      initialDelayMs,
      maxDelayMs,
      random: (this.options.random ?? Math.random)(),
    });
    this.failedAttempts += 1;
    this.setStatus('reconnecting');
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.subscriptions.size > 0) void this.open();
      else this.shutdown();
    }, delay);
  }

  private stop(id: string): void {
    if (!this.subscriptions.delete(id)) return;
    this.sendStop(id);
    this.closeWhenIdle();
  }

  private sendStop(id: string): void {
    if (this.connection?.state === ConnectionState.Ready) this.connection.send(buildStopMessage(id));
  }

  /** Ends every active subscription with `error` and closes the socket. */
  private failAll(error: unknown): void {
    const failed = [...this.subscriptions.values()];
    this.subscriptions.clear();
    this.shutdown();
    for (const subscription of failed) subscription.observer.onError(error);
  }

  private closeWhenIdle(): void {
    if (this.subscriptions.size > 0) return;
    this.clearIdleTimer();
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.subscriptions.size === 0) this.shutdown();
    }, this.options.idleCloseMs ?? 1000);
  }

  private clearIdleTimer(): void {
    this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private shutdown(): void {
    this.clearIdleTimer();
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.failedAttempts = 0;
    this.connection?.close();
    this.connection = undefined;
    this.setStatus('closed');
  }
}
