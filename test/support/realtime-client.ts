import WebSocket from 'ws';
import type { Endpoints } from '../../local/endpoints';

export type RealtimeMessage = { type: string; id?: string; payload?: any };

/** A hand-driven AppSync real-time client: the protocol as AWS documents it, nothing hidden. */
export class RealtimeClient {
  readonly messages: RealtimeMessage[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as RealtimeMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(
    endpoints: Endpoints,
    authorization: Record<string, string>,
    via: 'query' | 'subprotocol' = 'query',
  ): Promise<RealtimeClient> {
    const url = new URL(endpoints.realtimeUrl);
    const encoded = JSON.stringify({ host: new URL(endpoints.graphqlUrl).host, ...authorization });
    let socket: WebSocket;
    if (via === 'query') {
      url.searchParams.set('header', Buffer.from(encoded).toString('base64'));
      url.searchParams.set('payload', 'e30=');
      socket = new WebSocket(url, ['graphql-ws']);
    } else {
      socket = new WebSocket(url, ['graphql-ws', `header-${Buffer.from(encoded).toString('base64url')}`]);
    }
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new RealtimeClient(socket);
    socket.send(JSON.stringify({ type: 'connection_init' }));
    return client;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(
    id: string,
    query: string,
    variables: Record<string, unknown>,
    authorization: Record<string, string>,
    host: string,
  ): void {
    this.send({
      id,
      type: 'start',
      payload: {
        data: JSON.stringify({ query, variables }),
        extensions: { authorization: { host, ...authorization } },
      },
    });
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
