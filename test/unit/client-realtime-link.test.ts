// client/src/api/realtime-link.ts over Apollo Client, and the timing the local server cannot easily
// show (a lapsed keep-alive), against a scripted fake socket. The protocol's pure parts are tested
// in test/unit/common/appsync-realtime/.
import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { AppSyncRealtimeLink } from '../../client/src/api/realtime-link';
import type { RealtimeStatus } from '../../client/src/api/realtime-link';
import { FakeSocket } from './common/appsync-realtime/fakes';
import { waitUntil } from '../support/eventually';

const QUERY = gql`
  subscription S {
    onVideoStatusChanged {
      id
      progress
    }
  }
`;

describe('realtime link', () => {
  beforeEach(() => (FakeSocket.instances = []));

  function setup() {
    let tokens = 0;
    const statuses: RealtimeStatus[] = [];
    const link = new AppSyncRealtimeLink({
      realtimeUrl: 'ws://127.0.0.1:1/graphql/realtime',
      graphqlUrl: 'http://127.0.0.1:1/graphql',
      getAuthorization: async () => ({ Authorization: `token-${++tokens}` }),
      WebSocket: FakeSocket,
      reconnect: { initialDelayMs: 10 },
      idleCloseMs: 10,
      onStatusChange: (status) => statuses.push(status),
    });
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const results: Array<{ data?: any; error?: unknown }> = [];
    let completed = false;
    const subscription = client
      .subscribe({ query: QUERY })
      .subscribe({ next: (result) => results.push(result), complete: () => (completed = true) });
    return { results, subscription, statuses, isCompleted: () => completed };
  }

  async function connect(socket: FakeSocket, connectionTimeoutMs: number) {
    socket.accept();
    expect(socket.sent).toEqual([{ type: 'connection_init' }]);
    socket.push({ type: 'connection_ack', payload: { connectionTimeoutMs } });
    await waitUntil(() => socket.sent.some((m) => m.type === 'start'), 'start');
    const start = socket.sent.find((m) => m.type === 'start');
    socket.push({ id: start.id, type: 'start_ack' });
    return start;
  }

  test('ka resets the timer; when it lapses the link reconnects and restarts with fresh authorization, emitting nothing', async () => {
    const { results, subscription, statuses, isCompleted } = setup();
    await waitUntil(() => FakeSocket.instances.length === 1, 'the socket');
    const first = FakeSocket.latest();
    expect(first.protocols).toEqual(['graphql-ws']);
    const start = await connect(first, 80);
    expect(start.payload.extensions.authorization).toEqual({ host: '127.0.0.1:1', Authorization: 'token-2' });

    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      first.push({ type: 'ka' });
    }
    expect(FakeSocket.instances).toHaveLength(1);

    // Silence: the keep-alive lapses, the socket is closed and a new one opened.
    await waitUntil(() => FakeSocket.instances.length === 2, 'a second socket', 1000);
    expect(first.readyState).toBe(3);
    const second = FakeSocket.latest();
    const restart = await connect(second, 80);
    expect(restart.id).toBe(start.id);
    expect(restart.payload.extensions.authorization.Authorization).toBe('token-4');
    expect(results).toEqual([]);
    expect(isCompleted()).toBe(false);

    second.push({
      id: start.id,
      type: 'data',
      payload: { data: { onVideoStatusChanged: { __typename: 'VideoStatusEvent', id: 'v', progress: 3 } } },
    });
    await waitUntil(() => results.length === 1, 'the event');
    expect(results[0]?.data.onVideoStatusChanged.progress).toBe(3);
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);

    subscription.unsubscribe();
    expect(second.sent.at(-1)).toEqual({ id: start.id, type: 'stop' });
    await waitUntil(() => second.readyState === 3, 'the idle close');
  });

  test('connection_error fails the subscription with the GraphQL errors and does not retry', async () => {
    const { results, isCompleted } = setup();
    await waitUntil(() => FakeSocket.instances.length === 1, 'the socket');
    const socket = FakeSocket.latest();
    socket.accept();
    socket.push({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] },
    });
    await waitUntil(() => isCompleted(), 'the error');
    const error = results[0]?.error;
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors).toEqual([
      { errorType: 'UnauthorizedException', message: 'Token has expired.' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeSocket.instances).toHaveLength(1);
    expect(socket.readyState).toBe(3);
  });

  test('a start acknowledged after its stop is stopped again', async () => {
    const { subscription } = setup();
    await waitUntil(() => FakeSocket.instances.length === 1, 'the socket');
    const socket = FakeSocket.latest();
    socket.accept();
    socket.push({ type: 'connection_ack', payload: { connectionTimeoutMs: 1000 } });
    await waitUntil(() => socket.sent.some((m) => m.type === 'start'), 'start');
    const { id } = socket.sent.find((m) => m.type === 'start');
    subscription.unsubscribe();
    socket.push({ id, type: 'start_ack' });
    expect(socket.sent.filter((m) => m.type === 'stop')).toEqual([
      { id, type: 'stop' },
      { id, type: 'stop' },
    ]);
  });
});
