import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listen } from '../../../../local/lib/listen';
import { createLocalServer } from '../../../../local/lib/local-server';

// A stand-in's server, with handlers that fail every way a handler can: the failure answers its one
// caller with the service's 500 (or ends that one connection), is logged, and the server goes on.

const lines: string[] = [];
let server: Server;
let base: string;

function answerInternalError(res: ServerResponse): void {
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ __type: 'InternalFailure' }));
}

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => unknown> = {
  '/throws': () => {
    throw new Error('sync failure');
  },
  '/rejects': async () => {
    await Promise.resolve();
    throw new Error('async failure');
  },
  '/after-headers': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    throw new Error('failed mid-answer');
  },
  '/ok': (_req, res) => res.end('fine'),
};

beforeAll(async () => {
  server = createLocalServer((req, res) => routes[req.url ?? '']?.(req, res), {
    service: 'Test',
    log: (line) => lines.push(line),
    answerInternalError,
    onUpgrade: () => {
      throw new Error('upgrade failure');
    },
  });
  await listen(server, 0, '127.0.0.1', 'Test');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => closeServer(server));
beforeEach(() => lines.splice(0));

test.each(['/throws', '/rejects'])(
  'a handler that fails (%s) answers with the service 500 and is logged',
  async (path) => {
    const response = await fetch(`${base}${path}`);
    expect([response.status, await response.json()]).toEqual([500, { __type: 'InternalFailure' }]);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^Test: GET ${path} failed: Error: `))]);
  },
);

test('a handler that fails after its headers went out ends that response, and is logged', async () => {
  await expect(fetch(`${base}/after-headers`).then((response) => response.text())).rejects.toThrow();
  expect(lines).toEqual([expect.stringMatching(/^Test: GET \/after-headers failed: Error: failed mid-answer/)]);
});

test('an upgrade handler that fails destroys that socket only', async () => {
  const closed = await new Promise<string>((resolve) => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  });
  expect(closed).toBe('');
  expect(lines).toEqual([expect.stringMatching(/^Test: upgrade \/ws failed: Error: upgrade failure/)]);
});

test('after every failure the server still answers', async () => {
  const response = await fetch(`${base}/ok`);
  expect([response.status, await response.text()]).toEqual([200, 'fine']);
});
