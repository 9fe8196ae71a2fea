import { DEFAULT_CONNECTION_TIMEOUT_MS, SOCKET_OPEN } from './constants';
import type { LostReason } from './errors';
import type { Handshake } from './handshake';
import { CONNECTION_INIT, decodeServerMessage, encodeClientMessage } from './messages';
import type { ClientMessage, OperationMessage, ServerMessage } from './messages';
import type { AppSyncGraphQLError, Clock, RealtimeSocket, RealtimeSocketConstructor } from './types';

export const ConnectionState = {
  /** The socket is opening. */
  Connecting: 'connecting',
  /** connection_init is sent; waiting for connection_ack. */
  Initializing: 'initializing',
  /** Acknowledged: starts may be sent, and ka keeps it alive. */
  Ready: 'ready',
  Ended: 'ended',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** How a connection ended when the client did not end it. */
export type ConnectionEnd =
  | { type: 'refused'; errors: AppSyncGraphQLError[] }
  | { type: 'failed'; errors: AppSyncGraphQLError[] }
  | { type: 'lost'; reason: LostReason; detail?: string };

export interface ConnectionListener {
  onReady(): void;
  /** start_ack, data, error or complete for one subscription id. */
  onOperationMessage(message: OperationMessage): void;
  /** Called once, unless close() ended the connection first. */
  onEnd(end: ConnectionEnd): void;
}

export interface RealtimeConnectionOptions {
  handshake: Handshake;
  WebSocket: RealtimeSocketConstructor;
  clock: Clock;
  ackTimeoutMs: number;
  listener: ConnectionListener;
}

function errorDetail(event: unknown): string | undefined {
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/**
 * One socket's life in AppSync's protocol: open, connection_init, connection_ack within the ack
 * timeout, then a ka at least every connectionTimeoutMs. Silence past either deadline means a dead
 * link (the network may never deliver a close event), so the connection ends itself.
 */
export class RealtimeConnection {
  private currentState: ConnectionState = ConnectionState.Connecting;
  private readonly socket: RealtimeSocket;
  private readonly clock: Clock;
  private readonly listener: ConnectionListener;
  private watchdog: unknown;
  private keepAliveMs = DEFAULT_CONNECTION_TIMEOUT_MS;
  private socketError?: string;

  constructor({ handshake, WebSocket, clock, ackTimeoutMs, listener }: RealtimeConnectionOptions) {
    this.clock = clock;
    this.listener = listener;
    this.socket = new WebSocket(handshake.url, handshake.protocols);
    this.watch(ackTimeoutMs, 'ack-timeout');
    this.socket.onopen = () => {
      this.currentState = ConnectionState.Initializing;
      this.send(CONNECTION_INIT);
    };
    this.socket.onmessage = (event: { data: unknown }) => {
      const message = decodeServerMessage(event.data);
      if (message) this.onMessage(message);
    };
    // An error event is always followed by close, so close alone decides; the error only explains it.
    this.socket.onerror = (event: unknown) => {
      this.socketError = errorDetail(event);
    };
    this.socket.onclose = () => this.end({ type: 'lost', reason: 'closed', detail: this.socketError });
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Sends while the socket is open; a message for a closing socket has nowhere to go. */
  send(message: ClientMessage): void {
    if (this.currentState !== ConnectionState.Ended && this.socket.readyState === SOCKET_OPEN)
      this.socket.send(encodeClientMessage(message));
  }

  /** Ends the connection without telling the listener: the caller already knows. */
  close(): void {
    this.finish(false);
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'connection_ack':
        this.keepAliveMs = message.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
        this.watch(this.keepAliveMs, 'keep-alive-timeout');
        if (this.currentState === ConnectionState.Ready) return;
        this.currentState = ConnectionState.Ready;
        return this.listener.onReady();
      case 'ka':
        // Before the ack, only the ack deadline counts.
        if (this.currentState === ConnectionState.Ready) this.watch(this.keepAliveMs, 'keep-alive-timeout');
        return;
      case 'connection_error':
        return this.end({ type: 'refused', errors: message.errors });
      case 'error':
        if (message.id === undefined) return this.end({ type: 'failed', errors: message.errors });
        return this.listener.onOperationMessage({ type: 'error', id: message.id, errors: message.errors });
      default:
        return this.listener.onOperationMessage(message);
    }
  }

  private watch(ms: number, reason: LostReason): void {
    this.clock.clearTimeout(this.watchdog);
    this.watchdog = this.clock.setTimeout(() => this.end({ type: 'lost', reason }), ms);
  }

  private end(end: ConnectionEnd): void {
    if (this.currentState === ConnectionState.Ended) return;
    // A silent socket is presumed dead: drop it rather than wait on a closing handshake.
    this.finish(end.type === 'lost' && end.reason !== 'closed');
    this.listener.onEnd(end);
  }

  private finish(dead: boolean): void {
    if (this.currentState === ConnectionState.Ended) return;
    this.currentState = ConnectionState.Ended;
    this.clock.clearTimeout(this.watchdog);
    this.socket.onopen = this.socket.onmessage = this.socket.onclose = null;
    // Kept as a no-op: `ws` throws an error event that has no listener, and closing a socket that is
    // still connecting emits one.
    this.socket.onerror = () => undefined;
    if (this.socket.readyState > SOCKET_OPEN) return;
    if (dead && this.socket.terminate) this.socket.terminate();
    else this.socket.close(1000);
  }
}
