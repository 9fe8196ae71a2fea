import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { RealtimeClient } from '../support/realtime-client';
import { isSentinel, receiveSentinel } from '../support/sentinel';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

const SUBSCRIPTION = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id userId status progress } }';
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt } }';

describe('onVideoStatusChanged over the real-time WebSocket', () => {
  const endpoints = testEndpoints();
  const host = new URL(endpoints.graphqlUrl).host;
  let alice: TestUser;
  let mallory: TestUser;
  const clients: RealtimeClient[] = [];

  beforeAll(async () => {
    [alice, mallory] = await Promise.all([createUser(endpoints, 'alice'), createUser(endpoints, 'mallory')]);
  });
  afterAll(() => clients.forEach((client) => client.close()));

  async function connected(token: string, via: 'query' | 'subprotocol' = 'query') {
    const client = await RealtimeClient.connect(endpoints, { Authorization: token }, via);
    clients.push(client);
    const ack = await client.waitFor((m) => m.type === 'connection_ack');
    expect(ack.payload).toEqual({ connectionTimeoutMs: 300000 });
    return client;
  }

  function publish(id: string, userId: string, progress: number) {
    return graphql(endpoints, { mode: 'iam' }, PUBLISH, {
      input: { id, userId, status: 'PROCESSING', progress, updatedAt: new Date().toISOString() },
    });
  }

  test('the owner receives their events; another user receives none, whatever arguments they pass', async () => {
    const videoId = `video-${Date.now()}`;
    const owner = await connected(alice.idToken);
    const ownerAll = await connected(alice.accessToken, 'subprotocol');
    const spy = await connected(mallory.idToken);
    owner.subscribe('mine', SUBSCRIPTION, { id: videoId }, { Authorization: alice.idToken }, host);
    ownerAll.subscribe('all', SUBSCRIPTION, {}, { Authorization: alice.accessToken }, host);
    spy.subscribe('by-id', SUBSCRIPTION, { id: videoId }, { Authorization: mallory.idToken }, host);
    spy.subscribe('all', SUBSCRIPTION, {}, { Authorization: mallory.idToken }, host);
    for (const [client, id] of [
      [owner, 'mine'],
      [ownerAll, 'all'],
      [spy, 'by-id'],
      [spy, 'all'],
    ] as const) {
      await client.waitFor((m) => m.type === 'start_ack' && m.id === id);
    }

    expect((await publish(videoId, alice.sub, 40)).errors).toBeUndefined();
    await publish('another-video', alice.sub, 7);

    const event = await owner.waitFor((m) => m.type === 'data');
    expect(event).toEqual({
      id: 'mine',
      type: 'data',
      payload: {
        data: { onVideoStatusChanged: { id: videoId, userId: alice.sub, status: 'PROCESSING', progress: 40 } },
      },
    });
    await ownerAll.waitFor((m) => m.type === 'data' && m.payload.data.onVideoStatusChanged.id === 'another-video');
    expect(owner.messages.filter((m) => m.type === 'data')).toHaveLength(1);
    // Published after alice's events, the spy's own sentinel would come after any misrouted one.
    await receiveSentinel(endpoints, spy, mallory);
    expect(spy.messages.filter((m) => m.type === 'data' && !isSentinel(m))).toEqual([]);
  });

  test('each subscriber gets its own selection of the event, once, whoever shares a document with it', async () => {
    const videoId = `shapes-${Date.now()}`;
    const narrow = 'subscription N($id: ID) { onVideoStatusChanged(id: $id) { id status } }';
    const wide = 'subscription W { onVideoStatusChanged { id userId status progress failureReason } }';
    const optional = 'subscription O($full: Boolean!) { onVideoStatusChanged { id progress @include(if: $full) } }';
    const first = await connected(alice.idToken);
    const second = await connected(alice.idToken);
    const starts: Array<[RealtimeClient, string, string, Record<string, unknown>]> = [
      [first, 'narrow', narrow, {}],
      [first, 'wide', wide, {}],
      [second, 'narrow', narrow, {}],
      [second, 'narrow-by-id', narrow, { id: videoId }],
      [first, 'full', optional, { full: true }],
      [second, 'short', optional, { full: false }],
    ];
    for (const [client, id, query, variables] of starts) {
      client.subscribe(id, query, variables, { Authorization: alice.idToken }, host);
      await client.waitFor((m) => m.id === id && m.type === 'start_ack');
    }

    // The mutation does not select failureReason: the wide subscriber gets null for it, as on AppSync.
    const published = await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
      input: {
        id: videoId,
        userId: alice.sub,
        status: 'FAILED',
        progress: 12,
        updatedAt: new Date().toISOString(),
        failureReason: 'not selected',
      },
    });
    expect(published.errors).toBeUndefined();
    await receiveSentinel(endpoints, first, alice);
    await receiveSentinel(endpoints, second, alice);

    const received = (client: RealtimeClient) =>
      client.messages
        .filter((m) => m.type === 'data' && !isSentinel(m))
        .map((m) => [m.id, m.payload.data.onVideoStatusChanged]);
    expect(received(first)).toEqual(
      expect.arrayContaining([
        ['narrow', { id: videoId, status: 'FAILED' }],
        ['wide', { id: videoId, userId: alice.sub, status: 'FAILED', progress: 12, failureReason: null }],
        ['full', { id: videoId, progress: 12 }],
      ]),
    );
    expect(received(first)).toHaveLength(3);
    expect(received(second)).toEqual(
      expect.arrayContaining([
        ['narrow', { id: videoId, status: 'FAILED' }],
        ['narrow-by-id', { id: videoId, status: 'FAILED' }],
        ['short', { id: videoId }],
      ]),
    );
    expect(received(second)).toHaveLength(3);
  });

  test('stop ends a subscription with complete, and nothing is delivered after it', async () => {
    const client = await connected(alice.idToken);
    client.subscribe('s1', SUBSCRIPTION, {}, { Authorization: alice.idToken }, host);
    await client.waitFor((m) => m.type === 'start_ack');
    client.send({ id: 's1', type: 'stop' });
    await client.waitFor((m) => m.type === 'complete' && m.id === 's1');
    await publish('after-stop', alice.sub, 1);
    await receiveSentinel(endpoints, client, alice);
    expect(client.messages.filter((m) => m.type === 'data' && !isSentinel(m))).toEqual([]);
  });

  test('the API key cannot subscribe (the field is for signed-in users)', async () => {
    const client = await RealtimeClient.connect(endpoints, { 'x-api-key': endpoints.apiKey });
    clients.push(client);
    await client.waitFor((m) => m.type === 'connection_ack');
    client.subscribe('k', SUBSCRIPTION, {}, { 'x-api-key': endpoints.apiKey }, host);
    const error = await client.waitFor((m) => m.type === 'error');
    expect(error.payload.errors[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access onVideoStatusChanged on type Subscription',
    });
  });

  test('a bad token is refused with connection_error, and a bad start with error', async () => {
    const refused = await RealtimeClient.connect(endpoints, { Authorization: 'not-a-token' });
    clients.push(refused);
    const error = await refused.waitFor((m) => m.type === 'connection_error');
    expect(error.payload.errors[0].errorType).toBe('UnauthorizedException');

    const client = await connected(alice.idToken);
    client.send({
      id: 'bad',
      type: 'start',
      payload: { data: '{not json', extensions: { authorization: { host, Authorization: alice.idToken } } },
    });
    expect((await client.waitFor((m) => m.type === 'error' && m.id === 'bad')).payload.errors[0].errorType).toBe(
      'MalformedRequestError',
    );
    client.subscribe('forged', SUBSCRIPTION, {}, { Authorization: `${alice.idToken}x` }, host);
    expect((await client.waitFor((m) => m.type === 'error' && m.id === 'forged')).payload.errors[0].errorType).toBe(
      'UnauthorizedException',
    );
  });
});
