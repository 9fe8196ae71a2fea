import WebSocket from 'ws';
import {
  buildHandshake,
  buildRealtimeAuthorization,
  buildStartMessage,
  CONNECTION_INIT,
  encodeSubscriptionRequest,
} from '../../common/appsync-realtime';
import type { HandshakeTransport } from '../../common/appsync-realtime';
import type { Endpoints } from '../../local/endpoints';

/** A server message exactly as it arrived: tests look at what AppSync sent, not at a decoded form. */
export type RealtimeMessage = { type: string; id?: string; payload?: any };

/** A frame's text: ws hands a Buffer over unless binaryType asks for an ArrayBuffer or fragments. */
function textOf(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * A hand-driven AppSync real-time client: the shared encoding (common/appsync-realtime) without its
 * state machine, so a test sees every frame and may send any frame, hostile ones included.
 */
export class RealtimeClient {
  readonly messages: RealtimeMessage[] = [];
  /** How the server ended the socket (close code and reason), once it has. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(textOf(data)) as RealtimeMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    // A socket the server ends for a protocol fault (1009, 1007) also reports an error here.
    socket.on('error', () => undefined);
  }

  /** The handshake only: the socket is open, and nothing has been sent on it. */
  static async open(
    endpoints: Endpoints,
    authorization: Record<string, string>,
    via: HandshakeTransport = 'query',
  ): Promise<RealtimeClient> {
    const { url, protocols } = buildHandshake({
      realtimeUrl: endpoints.realtimeUrl,
      authorization: buildRealtimeAuthorization(endpoints.graphqlUrl, authorization),
      transport: via,
    });
    const socket = new WebSocket(url, protocols);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RealtimeClient(socket);
  }

  /** The handshake, then connection_init. */
  static async connect(
    endpoints: Endpoints,
    authorization: Record<string, string>,
    via: HandshakeTransport = 'query',
  ): Promise<RealtimeClient> {
    const client = await RealtimeClient.open(endpoints, authorization, via);
    client.send(CONNECTION_INIT);
    return client;
  }

  send(message: unknown): void {
    this.sendRaw(JSON.stringify(message));
  }

  /** A frame exactly as given: text that need not be JSON, or bytes sent as a binary frame. */
  sendRaw(frame: string | Buffer): void {
    this.socket.send(frame, { binary: Buffer.isBuffer(frame) });
  }

  subscribe(
    id: string,
    query: string,
    variables: Record<string, unknown>,
    authorization: Record<string, string>,
    host: string,
  ): void {
    this.send(
      buildStartMessage({
        id,
        data: encodeSubscriptionRequest({ query, variables }),
        authorization: { host, ...authorization },
      }),
    );
  }

  /** Waits until a message matching `predicate` has arrived (or the time is up). */
  async waitFor(predicate: (message: RealtimeMessage) => boolean, timeoutMs = 5000): Promise<RealtimeMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`no matching message; got ${JSON.stringify(this.messages)}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}
