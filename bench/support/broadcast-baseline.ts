import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

// The real-time bench's baseline: what a hand-written fan-out does at the least. A plain `ws` server
// whose sockets say their user in the URL; a POST of the same signed publishVideoStatus body (the
// signature unchecked, no GraphQL) is parsed and its input sent, serialized once, to that user's
// sockets in AppSync's data message shape. Clients parse every message, as AppSync's clients do.

export interface BroadcastBaseline {
  /** Where the publisher POSTs. */
  publishUrl: string;
  /** A socket URL that receives `userId`'s events. */
  socketUrl(userId: string): string;
  close(): Promise<void>;
}

interface Listener {
  socket: WebSocket;
  subscriptionId: string;
}

export async function startBroadcastBaseline(): Promise<BroadcastBaseline> {
  const byUser = new Map<string, Set<Listener>>();
  let opened = 0;

  const broadcast = (event: { userId: string }) => {
    const payload = JSON.stringify({ data: { onVideoStatusChanged: event } });
    for (const { socket, subscriptionId } of byUser.get(event.userId) ?? [])
      socket.send(`{"id":${JSON.stringify(subscriptionId)},"type":"data","payload":${payload}}`);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        variables: { input: { userId: string } };
      };
      broadcast(variables.input);
      const answer = JSON.stringify({ data: { publishVideoStatus: variables.input } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    const userId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user') ?? '';
    const listener = { socket, subscriptionId: `s${(opened += 1)}` };
    const listeners = byUser.get(userId) ?? new Set<Listener>();
    listeners.add(listener);
    byUser.set(userId, listeners);
    socket.on('close', () => listeners.delete(listener));
    socket.send(JSON.stringify({ type: 'start_ack', id: listener.subscriptionId }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    publishUrl: `http://${base}/graphql`,
    socketUrl: (userId) => `ws://${base}/?user=${encodeURIComponent(userId)}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A baseline socket, open once its start_ack is in; `onData` gets each data message's payload. */
export function connectBaselineSocket(url: string, onData: (payload: unknown) => void): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise<WebSocket>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; payload?: unknown };
      if (message.type === 'start_ack') resolve(socket);
      else if (message.type === 'data') onData(message.payload);
    });
  });
}
