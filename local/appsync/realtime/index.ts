import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { guardListener, logToStderr } from '../../lib/guard';
import { stripQuery } from '../../lib/http';
import type { Log } from '../../lib/guard';
import type { Caller } from '../types';
import { frameText, readClientMessage, readStartPayload } from './client-messages';
import { matchesSubscriptionFilter, validateSubscriptionFilter } from './filter';
import { SubscriptionIndex } from './subscription-index';
import type { StartedSubscription } from './subscription-index';
import { CONNECTION_TIMEOUT_MS, resolveRealtimeLimits } from './limits';
import type { RealtimeLimits } from './limits';
import {
  dataMessage,
  duplicatedOperation,
  errorMessage,
  internalFailure,
  maxSubscriptionsReached,
  SEND_CONNECTION_INIT_FIRST,
} from './server-messages';
import type { RealtimeError, ServerMessage } from './server-messages';
import type { RealtimeBackend, SubscriptionSpec } from './types';

export type { RealtimeBackend, SubscribeOutcome, SubscribeRequest, SubscriptionSpec } from './types';
export { matchesSubscriptionFilter, validateSubscriptionFilter } from './filter';
export { DEFAULT_REALTIME_LIMITS } from './limits';
export type { RealtimeLimits } from './limits';

export interface RealtimeServerOptions {
  backend: RealtimeBackend;
  path?: string;
  /** AppSync's limits unless given (tests shorten them). */
  limits?: Partial<RealtimeLimits>;
  log?: Log;
}

export interface RealtimeServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  publish(event: { mutationField: string; result: Record<string, unknown> }): Promise<number>;
  stats(): { connections: number; subscriptions: number };
  close(): Promise<void>;
}

interface Connection {
  socket: WebSocket;
  /** The connection's own auth, checked at the handshake (a promise: checked once, awaited on init). */
  caller: Promise<Caller>;
  initialized: boolean;
  subscriptions: Map<string, StartedSubscription<Connection>>;
  /** Starts still being checked, by id: they count toward the limit, and a stop cancels them. */
  starting: Map<string, { stopped: boolean }>;
  /** One per connection, however many connection_init it sends. */
  keepAlive?: NodeJS.Timeout;
  initTimer?: NodeJS.Timeout;
}

const PROTOCOL = 'graphql-ws';

/** The auth header object a client sent: `header` query parameter or a `header-<base64url>` subprotocol. */
function handshakeAuthorization(req: IncomingMessage): Record<string, string> | null {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('header');
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith('header-'))?.slice('header-'.length);
  const encoded = fromQuery ?? fromProtocol;
  if (!encoded) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(encoded, fromQuery ? 'base64' : 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
      ? (decoded as Record<string, string>)
      : null;
  } catch {
    return null;
  }
}

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

/** AppSync's delivery rule past the trigger: each non-null argument equals the result's same-named field, and the filter passes. */
function matches(spec: SubscriptionSpec, result: Record<string, unknown>): boolean {
  return (
    Object.entries(spec.argumentFilters).every(([name, value]) => result[name] === value) &&
    matchesSubscriptionFilter(spec.filter, result)
  );
}

function errorsOf(error: unknown): RealtimeError[] {
  const fault = error as { errorType?: string; message?: string };
  return [
    {
      errorType: fault.errorType ?? 'UnauthorizedException',
      message: fault.message ?? 'You are not authorized to make this call.',
    },
  ];
}

/** AppSync's real-time WebSocket protocol (graphql-ws flavour) over the `ws` package. */
export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const path = options.path ?? '/graphql/realtime';
  const limits = resolveRealtimeLimits(options.limits);
  const log = options.log ?? logToStderr;
  const connections = new Set<Connection>();
  const started = new SubscriptionIndex<Connection>();
  const wss = new WebSocketServer({
    noServer: true,
    // A larger frame is refused from its header (close 1009), never buffered.
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });

  async function onConnectionInit(connection: Connection): Promise<void> {
    try {
      await connection.caller;
    } catch (error) {
      send(connection.socket, { type: 'connection_error', payload: { errors: errorsOf(error) } });
      connection.socket.close(1000);
      return;
    }
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    clearTimeout(connection.initTimer);
    connection.initialized = true;
    // A repeated connection_init is acknowledged again; the connection keeps its one keep-alive.
    send(connection.socket, { type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
    send(connection.socket, { type: 'ka' });
    connection.keepAlive ??= setInterval(
      guardListener(() => send(connection.socket, { type: 'ka' }), { what: 'appsync realtime: keep-alive', log }),
      limits.keepAliveIntervalMs,
    );
  }

  async function onStart(connection: Connection, id: string, payload: unknown): Promise<void> {
    const { socket, subscriptions, starting } = connection;
    if (subscriptions.has(id) || starting.has(id)) return send(socket, duplicatedOperation(id));
    if (subscriptions.size + starting.size >= limits.maxSubscriptionsPerConnection)
      return send(socket, maxSubscriptionsReached(id, limits.maxSubscriptionsPerConnection));
    const start = readStartPayload(id, payload);
    if (!start.ok) return send(socket, start.answer);
    const request = start.value;
    const pending = { stopped: false };
    starting.set(id, pending);
    try {
      let caller: Caller;
      try {
        caller = await options.backend.authenticate(request.authorization, request.data);
      } catch (error) {
        return send(socket, errorMessage(errorsOf(error), id));
      }
      const outcome = await options.backend.subscribe({
        query: request.query,
        variables: request.variables,
        operationName: request.operationName,
        caller,
      });
      if (!outcome.ok) return send(socket, errorMessage(outcome.errors, id));
      const problem = validateSubscriptionFilter(outcome.subscription.filter);
      if (problem) return send(socket, errorMessage([{ errorType: 'FilterValidationError', message: problem }], id));
      // Stopped while it was being checked: it never starts.
      if (pending.stopped || socket.readyState !== WebSocket.OPEN) return;
      const subscription = { connection, id, spec: outcome.subscription };
      subscriptions.set(id, subscription);
      started.add(subscription);
      send(socket, { id, type: 'start_ack' });
    } catch (error) {
      log(
        `appsync realtime: start ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      send(socket, internalFailure(id));
    } finally {
      starting.delete(id);
    }
  }

  function onStop(connection: Connection, id: string): void {
    const subscription = connection.subscriptions.get(id);
    if (subscription) started.remove(subscription);
    connection.subscriptions.delete(id);
    const pending = connection.starting.get(id);
    if (pending) pending.stopped = true;
    send(connection.socket, { id, type: 'complete' });
  }

  function onMessage(connection: Connection, data: RawData): Promise<void> | void {
    const reading = readClientMessage(frameText(data));
    if (!reading.ok) return send(connection.socket, reading.answer);
    const message = reading.value;
    if (message.type === 'connection_init') return onConnectionInit(connection);
    if (!connection.initialized) {
      send(connection.socket, SEND_CONNECTION_INIT_FIRST);
      connection.socket.close(1000);
      return;
    }
    if (message.type === 'start') return onStart(connection, message.id, message.payload);
    onStop(connection, message.id);
  }

  function onConnection(socket: WebSocket, req: IncomingMessage): void {
    const authorization = handshakeAuthorization(req);
    const caller = authorization
      ? options.backend.authenticate(authorization, '{}')
      : Promise.reject(
          Object.assign(new Error('Valid authorization header not provided.'), { errorType: 'UnauthorizedException' }),
        );
    caller.catch(() => undefined);
    const connection: Connection = {
      socket,
      caller,
      initialized: false,
      subscriptions: new Map(),
      starting: new Map(),
    };
    connection.initTimer = setTimeout(
      guardListener(() => socket.close(1000, 'connection_init not received'), {
        what: 'appsync realtime: init timeout',
        log,
      }),
      limits.connectionInitTimeoutMs,
    );
    connections.add(connection);
    // Whatever a frame makes fail is answered on that socket and logged; nothing reaches the process.
    socket.on(
      'message',
      guardListener((data: RawData) => onMessage(connection, data), {
        what: 'appsync realtime: message',
        log,
        answer: () => send(socket, internalFailure()),
      }),
    );
    socket.on(
      'close',
      guardListener(
        () => {
          clearInterval(connection.keepAlive);
          clearTimeout(connection.initTimer);
          connections.delete(connection);
          for (const subscription of connection.subscriptions.values()) started.remove(subscription);
        },
        { what: 'appsync realtime: close', log },
      ),
    );
    // Protocol faults (a frame over maxPayload: 1009, invalid UTF-8: 1007) close this socket only.
    socket.on('error', () => socket.terminate());
  }

  return {
    handleUpgrade(req, socket, head) {
      const requestPath = stripQuery(req.url ?? '/');
      if (requestPath !== path) {
        socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
    },

    async publish({ mutationField, result }) {
      // Subscribers whose events render alike (same document, variables and field-auth view)
      // share one rendering and one serialized payload.
      const audiences = new Map<string, Array<StartedSubscription<Connection>>>();
      let deliveries = 0;
      for (const subscription of started.candidates(mutationField, result)) {
        if (!matches(subscription.spec, result)) continue;
        deliveries += 1;
        const audience = audiences.get(subscription.spec.renderKey);
        if (audience) audience.push(subscription);
        else audiences.set(subscription.spec.renderKey, [subscription]);
      }
      await Promise.all([...audiences.values()].map((audience) => deliverToAudience(audience, result)));
      return deliveries;
    },

    stats() {
      let subscriptions = 0;
      for (const connection of connections) subscriptions += connection.subscriptions.size;
      return { connections: connections.size, subscriptions };
    },

    async close() {
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };

  /** Renders the event once for subscriptions sharing a render key, then sends each its own data message. */
  async function deliverToAudience(
    audience: Array<StartedSubscription<Connection>>,
    result: Record<string, unknown>,
  ): Promise<void> {
    const { spec } = audience[0] as StartedSubscription<Connection>;
    let payload: string;
    try {
      payload = JSON.stringify(await spec.render(result));
    } catch (error) {
      log(`appsync realtime: rendering ${spec.fieldName} failed: ${String(error)}`);
      return;
    }
    for (const { connection, id } of audience) deliver(connection, dataMessage(id, payload), spec.fieldName);
  }

  /** A data message over the payload limit is dropped, as AppSync drops it, and logged. */
  function deliver(connection: Connection, text: string, fieldName: string): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    const size = Buffer.byteLength(text);
    if (size > limits.maxMessageBytes) {
      log(
        `appsync realtime: ${fieldName} event of ${size} bytes not delivered: over the ${limits.maxMessageBytes}-byte subscription payload limit`,
      );
      return;
    }
    connection.socket.send(text);
  }
}
