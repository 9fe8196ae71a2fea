import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { stripQuery } from '../../lib/http';
import type { Caller } from '../types';
import { matchesSubscriptionFilter, validateSubscriptionFilter } from './filter';
import type { RealtimeBackend, SubscriptionSpec } from './types';

export type { RealtimeBackend, SubscribeOutcome, SubscribeRequest, SubscriptionSpec } from './types';
export { matchesSubscriptionFilter, validateSubscriptionFilter } from './filter';

export interface RealtimeServerOptions {
  backend: RealtimeBackend;
  path?: string;
  connectionTimeoutMs?: number;
  keepAliveIntervalMs?: number;
  /** How long a socket may stay open without connection_init. */
  initTimeoutMs?: number;
  log?: (line: string) => void;
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
  subscriptions: Map<string, SubscriptionSpec>;
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
    return JSON.parse(Buffer.from(encoded, fromQuery ? 'base64' : 'base64url').toString('utf8')) as Record<
      string,
      string
    >;
  } catch {
    return null;
  }
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function errorsOf(error: unknown): Array<{ errorType: string; message: string }> {
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
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 300_000;
  const keepAliveIntervalMs = options.keepAliveIntervalMs ?? 60_000;
  const connections = new Set<Connection>();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });

  async function onStart(
    connection: Connection,
    id: string,
    payload: { data?: string; extensions?: { authorization?: Record<string, string> } },
  ) {
    if (connection.subscriptions.has(id)) {
      return send(connection.socket, {
        id,
        type: 'error',
        payload: {
          errors: [{ errorType: 'DuplicatedOperationError', message: 'Subscription with this id already exists.' }],
        },
      });
    }
    let request: { query?: string; variables?: Record<string, unknown>; operationName?: string | null };
    try {
      request = JSON.parse(payload.data ?? '') as typeof request;
      if (typeof request.query !== 'string') throw new Error('no query');
    } catch {
      return send(connection.socket, {
        id,
        type: 'error',
        payload: {
          errors: [
            {
              errorType: 'MalformedRequestError',
              message: 'The start payload data must be a JSON string with a query.',
            },
          ],
        },
      });
    }
    let caller: Caller;
    try {
      caller = await options.backend.authenticate(payload.extensions?.authorization ?? {}, payload.data ?? '');
    } catch (error) {
      return send(connection.socket, { id, type: 'error', payload: { errors: errorsOf(error) } });
    }
    const outcome = await options.backend.subscribe({
      query: request.query,
      variables: request.variables ?? {},
      operationName: request.operationName ?? null,
      caller,
    });
    if (!outcome.ok) return send(connection.socket, { id, type: 'error', payload: { errors: outcome.errors } });
    const problem = validateSubscriptionFilter(outcome.subscription.filter);
    if (problem)
      return send(connection.socket, {
        id,
        type: 'error',
        payload: { errors: [{ errorType: 'FilterValidationError', message: problem }] },
      });
    connection.subscriptions.set(id, outcome.subscription);
    send(connection.socket, { id, type: 'start_ack' });
  }

  function onMessage(connection: Connection, raw: string): void {
    let message: { type?: string; id?: string; payload?: Record<string, unknown> };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return send(connection.socket, {
        type: 'error',
        payload: { errors: [{ errorType: 'MalformedRequestError', message: 'Messages must be JSON.' }] },
      });
    }
    if (message.type === 'connection_init') {
      connection.caller.then(
        () => {
          clearTimeout(connection.initTimer);
          connection.initialized = true;
          send(connection.socket, { type: 'connection_ack', payload: { connectionTimeoutMs } });
          send(connection.socket, { type: 'ka' });
          connection.keepAlive = setInterval(() => send(connection.socket, { type: 'ka' }), keepAliveIntervalMs);
        },
        (error: unknown) => {
          send(connection.socket, { type: 'connection_error', payload: { errors: errorsOf(error) } });
          connection.socket.close(1000);
        },
      );
      return;
    }
    if (!connection.initialized) {
      send(connection.socket, {
        type: 'connection_error',
        payload: { errors: [{ errorType: 'ProtocolError', message: 'Send connection_init first.' }] },
      });
      connection.socket.close(1000);
      return;
    }
    if (message.type === 'start' && message.id) {
      void onStart(connection, message.id, (message.payload ?? {}) as Parameters<typeof onStart>[2]).catch(
        (error: unknown) => {
          options.log?.(`realtime: start failed: ${String(error)}`);
          send(connection.socket, {
            id: message.id,
            type: 'error',
            payload: { errors: [{ errorType: 'InternalFailure', message: 'The subscription could not be started.' }] },
          });
        },
      );
      return;
    }
    if (message.type === 'stop' && message.id) {
      connection.subscriptions.delete(message.id);
      send(connection.socket, { id: message.id, type: 'complete' });
      return;
    }
    send(connection.socket, {
      id: message.id,
      type: 'error',
      payload: {
        errors: [{ errorType: 'UnsupportedOperation', message: `Unknown message type ${String(message.type)}.` }],
      },
    });
  }

  function onConnection(socket: WebSocket, req: IncomingMessage): void {
    const authorization = handshakeAuthorization(req);
    const caller = authorization
      ? options.backend.authenticate(authorization, '{}')
      : Promise.reject(
          Object.assign(new Error('Valid authorization header not provided.'), { errorType: 'UnauthorizedException' }),
        );
    caller.catch(() => undefined);
    const connection: Connection = { socket, caller, initialized: false, subscriptions: new Map() };
    connection.initTimer = setTimeout(
      () => socket.close(1000, 'connection_init not received'),
      options.initTimeoutMs ?? connectionTimeoutMs,
    );
    connections.add(connection);
    // Under ws's default binaryType ('nodebuffer') every message, text or binary, is one Buffer.
    socket.on('message', (data) => onMessage(connection, (data as Buffer).toString()));
    socket.on('close', () => {
      clearInterval(connection.keepAlive);
      clearTimeout(connection.initTimer);
      connections.delete(connection);
    });
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
      let deliveries = 0;
      const sends: Array<Promise<void>> = [];
      for (const connection of connections) {
        for (const [id, spec] of connection.subscriptions) {
          if (!spec.triggerMutations.includes(mutationField)) continue;
          const argumentsMatch = Object.entries(spec.argumentFilters).every(([name, value]) => result[name] === value);
          if (!argumentsMatch || !matchesSubscriptionFilter(spec.filter, result)) continue;
          deliveries += 1;
          sends.push(
            spec.render(result).then(
              (payload) => send(connection.socket, { id, type: 'data', payload }),
              (error: unknown) => options.log?.(`realtime: rendering ${spec.fieldName} failed: ${String(error)}`),
            ),
          );
        }
      }
      await Promise.all(sends);
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
}
