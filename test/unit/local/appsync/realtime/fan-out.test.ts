// The real-time server's fan-out, with a stand-in backend whose subscriptions are described by
// their query text and whose renderings are counted: one rendering per render key per event, each
// subscriber its own data message, and only the subscriptions that still exist and match.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRealtimeServer } from '../../../../../local/appsync/realtime';
import type { RealtimeServer, SubscriptionSpec } from '../../../../../local/appsync/realtime';
import type { Endpoints } from '../../../../../local/endpoints';
import { eventually } from '../../../../support/eventually';
import { RealtimeClient } from '../../../../support/realtime-client';

/** What a test subscription asks for, sent as its query text. */
interface Wanted {
  key: string;
  owner?: string;
  video?: string;
}

const renders: string[] = [];
let server: Server;
let realtime: RealtimeServer;
let endpoints: Endpoints;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  realtime = createRealtimeServer({
    backend: {
      authenticate: async () => ({ authMode: 'AMAZON_COGNITO_USER_POOLS', identity: null }),
      subscribe: async ({ query, caller }) => {
        const wanted = JSON.parse(query) as Wanted;
        const spec: SubscriptionSpec = {
          fieldName: 'onVideoStatusChanged',
          triggerMutations: ['publishVideoStatus'],
          argumentFilters: wanted.video ? { id: wanted.video } : {},
          filter: wanted.owner
            ? { filterGroup: [{ filters: [{ fieldName: 'userId', operator: 'eq', value: wanted.owner }] }] }
            : null,
          caller,
          render: async (result) => {
            renders.push(wanted.key);
            return { data: { onVideoStatusChanged: { ...result, seenAs: wanted.key } } };
          },
          renderKey: wanted.key,
        };
        return { ok: true, subscription: spec };
      },
    },
    log: () => undefined,
  });
  server = createServer();
  server.on('upgrade', (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  endpoints = {
    realtimeUrl: `ws://127.0.0.1:${port}/graphql/realtime`,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
  } as Endpoints;
});

afterAll(async () => {
  clients.forEach((client) => client.close());
  await realtime.close();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  renders.length = 0;
});

async function socket(): Promise<RealtimeClient> {
  const client = await RealtimeClient.connect(endpoints, { Authorization: 'token' });
  clients.push(client);
  await client.waitFor((m) => m.type === 'connection_ack');
  return client;
}

async function subscribe(client: RealtimeClient, id: string, wanted: Wanted): Promise<void> {
  client.subscribe(id, JSON.stringify(wanted), {}, { Authorization: 'token' }, 'localhost');
  await client.waitFor((m) => m.id === id && m.type === 'start_ack');
}

const data = (client: RealtimeClient) =>
  client.messages.filter((m) => m.type === 'data').map((m) => [m.id, m.payload.data.onVideoStatusChanged]);

test('one rendering per render key per event; each matching subscriber gets it once, under its own id', async () => {
  const [first, second, other] = [await socket(), await socket(), await socket()];
  await subscribe(first, 'a1', { key: 'A', owner: 'u1' });
  await subscribe(first, 'b1', { key: 'B', owner: 'u1' });
  await subscribe(second, 'a2', { key: 'A', owner: 'u1' });
  await subscribe(second, 'a-by-video', { key: 'A', owner: 'u1', video: 'v1' });
  await subscribe(second, 'a-other-video', { key: 'A', owner: 'u1', video: 'v2' });
  await subscribe(other, 'a-other-user', { key: 'A', owner: 'u2' });

  const event = { id: 'v1', userId: 'u1' };
  expect(await realtime.publish({ mutationField: 'publishVideoStatus', result: event })).toBe(4);
  expect(await realtime.publish({ mutationField: 'updateVideo', result: event })).toBe(0);

  expect(renders.sort()).toEqual(['A', 'B']);
  await eventually(() => expect(data(first).length + data(second).length).toBe(4));
  expect(data(first)).toEqual([
    ['a1', { ...event, seenAs: 'A' }],
    ['b1', { ...event, seenAs: 'B' }],
  ]);
  expect(data(second).sort()).toEqual([
    ['a-by-video', { ...event, seenAs: 'A' }],
    ['a2', { ...event, seenAs: 'A' }],
  ]);
  expect(data(other)).toEqual([]);
});

test('a subscription with no argument or filter to narrow it is offered every event of its trigger', async () => {
  const client = await socket();
  await subscribe(client, 'everything', { key: 'C' });
  expect(await realtime.publish({ mutationField: 'publishVideoStatus', result: { id: 'v9', userId: 'u9' } })).toBe(1);
  await client.waitFor((m) => m.type === 'data');
  expect(data(client)).toEqual([['everything', { id: 'v9', userId: 'u9', seenAs: 'C' }]]);
  // It would be offered the next tests' events too.
  client.send({ type: 'stop', id: 'everything' });
  await client.waitFor((m) => m.id === 'everything' && m.type === 'complete');
});

test('a stopped subscription and those of a closed connection are gone', async () => {
  const [staying, leaving] = [await socket(), await socket()];
  await subscribe(staying, 'kept', { key: 'D', owner: 'u3' });
  await subscribe(staying, 'stopped', { key: 'D', owner: 'u3' });
  await subscribe(leaving, 'closed', { key: 'D', owner: 'u3' });
  staying.send({ type: 'stop', id: 'stopped' });
  await staying.waitFor((m) => m.id === 'stopped' && m.type === 'complete');
  const before = realtime.stats().connections;
  leaving.close();
  await eventually(() => expect(realtime.stats().connections).toBe(before - 1));

  expect(await realtime.publish({ mutationField: 'publishVideoStatus', result: { id: 'v3', userId: 'u3' } })).toBe(1);
  await staying.waitFor((m) => m.type === 'data');
  expect(data(staying)).toEqual([['kept', { id: 'v3', userId: 'u3', seenAs: 'D' }]]);
});
