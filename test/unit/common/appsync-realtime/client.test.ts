import {
  AppSyncRealtimeClient,
  ConnectionLostError,
  ConnectionRefusedError,
  SubscriptionFailedError,
} from '../../../../common/appsync-realtime';
import type {
  AppSyncRealtimeClientOptions,
  AuthorizationRequest,
  RealtimeStatus,
  SubscriptionPayload,
} from '../../../../common/appsync-realtime';
import { FakeClock, FakeSocket, settle } from './fakes';

const GRAPHQL_URL = 'https://api.example/graphql';
const QUERY = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id } }';

function setup(options: Partial<AppSyncRealtimeClientOptions> = {}) {
  FakeSocket.instances = [];
  const clock = new FakeClock();
  const statuses: RealtimeStatus[] = [];
  const authorized: AuthorizationRequest[] = [];
  let ids = 0;
  const client = new AppSyncRealtimeClient({
    realtimeUrl: 'wss://realtime.example/graphql',
    graphqlUrl: GRAPHQL_URL,
    authorize: async (request) => {
      authorized.push(request);
      return { Authorization: `token-${authorized.length}` };
    },
    WebSocket: FakeSocket,
    clock,
    random: () => 0,
    newId: () => `sub-${++ids}`,
    idleCloseMs: 100,
    onStatusChange: (status) => statuses.push(status),
    ...options,
  });
  return { client, clock, statuses, authorized };
}

function observe() {
  const seen: Array<'started' | SubscriptionPayload | { error: unknown } | 'complete'> = [];
  return {
    seen,
    observer: {
      onStarted: () => seen.push('started'),
      onData: (payload: SubscriptionPayload) => seen.push(payload),
      onError: (error: unknown) => seen.push({ error }),
      onComplete: () => seen.push('complete'),
    },
  };
}

/** Opens the latest socket, acknowledges it and lets the starts (async authorization) go out. */
async function acknowledge(socket: FakeSocket, connectionTimeoutMs = 300_000): Promise<void> {
  socket.accept();
  socket.push({ type: 'connection_ack', payload: { connectionTimeoutMs } });
  await settle();
}

describe('AppSyncRealtimeClient', () => {
  test('authorizes the handshake, then each start on its own, and delivers data', async () => {
    const { client, statuses, authorized } = setup();
    const { seen, observer } = observe();
    client.subscribe({ query: QUERY, variables: { id: 'v1' } }, observer);
    await settle();
    const socket = FakeSocket.latest();
    const header = JSON.parse(Buffer.from(new URL(socket.url).searchParams.get('header')!, 'base64').toString());
    expect(header).toEqual({ host: 'api.example', Authorization: 'token-1' });
    expect(statuses).toEqual(['connecting']);

    await acknowledge(socket);
    const [start] = socket.sentOfType('start');
    expect(start).toEqual({
      id: 'sub-1',
      type: 'start',
      payload: {
        data: JSON.stringify({ query: QUERY, variables: { id: 'v1' } }),
        extensions: { authorization: { host: 'api.example', Authorization: 'token-2' } },
      },
    });
    // What IAM would sign: {} to /connect, then the start's own data.
    expect(authorized).toEqual([
      { type: 'connect', url: `${GRAPHQL_URL}/connect`, body: '{}' },
      { type: 'start', url: GRAPHQL_URL, body: start.payload.data },
    ]);
    expect(statuses).toEqual(['connecting', 'connected']);

    socket.push({ type: 'start_ack', id: 'sub-1' });
    socket.push({ type: 'data', id: 'sub-1', payload: { data: { onVideoStatusChanged: { id: 'v1' } } } });
    socket.push({ type: 'data', id: 'someone-else', payload: { data: {} } });
    expect(seen).toEqual(['started', { data: { onVideoStatusChanged: { id: 'v1' } } }]);
  });

  test('the subprotocol handshake keeps the authorization out of the URL', async () => {
    const { client } = setup({ handshake: 'subprotocol' });
    client.subscribe({ query: QUERY }, observe().observer);
    await settle();
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('wss://realtime.example/graphql');
    expect(socket.protocols[0]).toBe('graphql-ws');
    expect(socket.protocols[1]).toMatch(/^header-/);
  });

  test('subscriptions share one socket; the last stop closes it after the idle delay', async () => {
    const { client, clock, statuses } = setup();
    const stopFirst = client.subscribe({ query: QUERY }, observe().observer);
    await settle();
    const socket = FakeSocket.latest();
    await acknowledge(socket);
    const stopSecond = client.subscribe({ query: QUERY, variables: { id: 'v2' } }, observe().observer);
    await settle();
    expect(FakeSocket.instances).toHaveLength(1);
    expect(socket.sentOfType('start').map((start) => start.id)).toEqual(['sub-1', 'sub-2']);

    stopFirst();
    expect(socket.sentOfType('stop')).toEqual([{ id: 'sub-1', type: 'stop' }]);
    clock.advance(1000);
    expect(socket.readyState).toBe(1);

    stopSecond();
    clock.advance(99);
    expect(socket.readyState).toBe(1);
    // A subscription arriving within the idle delay reuses the socket.
    const stopThird = client.subscribe({ query: QUERY }, observe().observer);
    await settle();
    clock.advance(1000);
    expect(socket.readyState).toBe(1);
    stopThird();
    clock.advance(100);
    expect(socket.closeCode).toBe(1000);
    expect(statuses).toEqual(['connecting', 'connected', 'closed']);
    expect(clock.pending()).toEqual([]);
  });

  test('a start acknowledged after its stop is stopped again', async () => {
    const { client } = setup();
    const stop = client.subscribe({ query: QUERY }, observe().observer);
    await settle();
    const socket = FakeSocket.latest();
    await acknowledge(socket);
    stop();
    socket.push({ type: 'start_ack', id: 'sub-1' });
    expect(socket.sentOfType('stop')).toEqual([
      { id: 'sub-1', type: 'stop' },
      { id: 'sub-1', type: 'stop' },
    ]);
  });

  test('a refused start fails that subscription only; the server ending one completes it', async () => {
    const { client, clock } = setup();
    const refused = observe();
    const ended = observe();
    client.subscribe({ query: QUERY }, refused.observer);
    client.subscribe({ query: QUERY }, ended.observer);
    await settle();
    const socket = FakeSocket.latest();
    await acknowledge(socket);
    const errors = [{ errorType: 'Unauthorized', message: 'Not Authorized to access onVideoStatusChanged' }];
    socket.push({ type: 'error', id: 'sub-1', payload: { errors } });
    expect(refused.seen).toEqual([{ error: expect.any(SubscriptionFailedError) }]);
    expect((refused.seen[0] as { error: SubscriptionFailedError }).error.errors).toEqual(errors);
    expect(ended.seen).toEqual([]);

    socket.push({ type: 'complete', id: 'sub-2' });
    expect(ended.seen).toEqual(['complete']);
    clock.advance(100);
    expect(socket.readyState).toBe(3);
  });

  test('connection_error fails every subscription and is not retried', async () => {
    const { client, clock, statuses } = setup();
    const first = observe();
    const second = observe();
    client.subscribe({ query: QUERY }, first.observer);
    client.subscribe({ query: QUERY }, second.observer);
    await settle();
    const socket = FakeSocket.latest();
    socket.accept();
    socket.push({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
    for (const { seen } of [first, second]) expect(seen).toEqual([{ error: expect.any(ConnectionRefusedError) }]);
    clock.advance(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'closed']);
  });

  test('a lost socket is reopened with backoff; subscriptions restart under their ids with fresh authorization', async () => {
    const { client, clock, statuses, authorized } = setup({ reconnect: { initialDelayMs: 1000 } });
    const { seen, observer } = observe();
    client.subscribe({ query: QUERY }, observer);
    await settle();
    const first = FakeSocket.latest();
    await acknowledge(first, 1000);
    first.push({ type: 'start_ack', id: 'sub-1' });

    // Silence past connectionTimeoutMs: the socket is dropped and a retry is planned (jitter 0: half of 1 s).
    clock.advance(1000);
    expect(first.terminated).toBe(true);
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting']);
    expect(clock.pending()).toEqual([500]);
    clock.advance(500);
    await settle();
    const second = FakeSocket.latest();
    expect(second).not.toBe(first);

    // The second attempt fails too: the next delay doubles.
    second.fail('connect ECONNREFUSED');
    expect(clock.pending()).toEqual([1000]);
    clock.advance(1000);
    await settle();
    const third = FakeSocket.latest();
    await acknowledge(third);
    const [restart] = third.sentOfType('start');
    expect(restart.id).toBe('sub-1');
    expect(restart.payload.extensions.authorization.Authorization).toBe(`token-${authorized.length}`);
    third.push({ type: 'start_ack', id: 'sub-1' });
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(seen).toEqual(['started', 'started']);

    // Connected again: the backoff starts over.
    third.drop();
    expect(clock.pending()).toEqual([500]);
  });

  test('with maxAttempts 0 a lost socket fails the subscriptions at once, saying why', async () => {
    const { client, clock } = setup({ reconnect: { maxAttempts: 0 } });
    const { seen, observer } = observe();
    client.subscribe({ query: QUERY }, observer);
    await settle();
    FakeSocket.latest().fail('connect ECONNREFUSED 127.0.0.1:1');
    expect(seen).toEqual([{ error: expect.any(ConnectionLostError) }]);
    expect((seen[0] as { error: ConnectionLostError }).error).toMatchObject({
      reason: 'closed',
      detail: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(clock.pending()).toEqual([]);
  });

  test('gives up after maxAttempts failed reconnects', async () => {
    const { client, clock, statuses } = setup({ reconnect: { maxAttempts: 2, initialDelayMs: 10 } });
    const { seen, observer } = observe();
    client.subscribe({ query: QUERY }, observer);
    for (let attempt = 0; attempt < 3; attempt++) {
      await settle();
      FakeSocket.latest().drop();
      clock.advance(1000);
    }
    expect(FakeSocket.instances).toHaveLength(3);
    expect(seen).toEqual([{ error: expect.any(ConnectionLostError) }]);
    expect(statuses).toEqual(['connecting', 'reconnecting', 'closed']);
  });

  test('an authorizer that throws fails the subscriptions it was asked for', async () => {
    const failing = new Error('No current user');
    const atConnect = setup({ authorize: () => Promise.reject(failing) });
    const first = observe();
    atConnect.client.subscribe({ query: QUERY }, first.observer);
    await settle();
    expect(first.seen).toEqual([{ error: failing }]);
    expect(FakeSocket.instances).toEqual([]);

    let calls = 0;
    const atStart = setup({
      authorize: async () => {
        calls += 1;
        if (calls === 2) throw failing;
        return { Authorization: 'jwt' };
      },
    });
    const second = observe();
    atStart.client.subscribe({ query: QUERY }, second.observer);
    await settle();
    await acknowledge(FakeSocket.latest());
    expect(second.seen).toEqual([{ error: failing }]);
    expect(FakeSocket.latest().sentOfType('start')).toEqual([]);
  });

  test('a subscription stopped while the handshake is authorized opens nothing', async () => {
    const { client, statuses } = setup();
    const stop = client.subscribe({ query: QUERY }, observe().observer);
    stop();
    await settle();
    expect(FakeSocket.instances).toEqual([]);
    expect(statuses).toEqual(['connecting', 'closed']);
  });

  test('close() stops every subscription, closes the socket and leaves no timer behind', async () => {
    const { client, clock } = setup();
    const { seen, observer } = observe();
    client.subscribe({ query: QUERY }, observer);
    await settle();
    const socket = FakeSocket.latest();
    await acknowledge(socket);
    client.close();
    expect(socket.sentOfType('stop')).toEqual([{ id: 'sub-1', type: 'stop' }]);
    expect(socket.closeCode).toBe(1000);
    expect(clock.pending()).toEqual([]);
    socket.push({ type: 'complete', id: 'sub-1' });
    expect(seen).toEqual([]);
  });
});
