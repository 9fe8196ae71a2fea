// The React client's Apollo Client 4 links (client/src/api) against the local AppSync: subscriptions
// over the real-time WebSocket (one shared socket, stop, errors, reconnect) and queries over HTTP.
import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import WebSocket from 'ws';
import { cognitoOrApiKey } from '../../client/src/api/authorization';
import type { GetAuthorization } from '../../client/src/api/authorization';
import { buildAppSyncLink } from '../../client/src/api/realtime-link';
import type { ClientConfig } from '../../common/client-config';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient, seedVideo } from '../support/videos';
import { DEFAULT_UPLOAD_LIMITS } from '../../common/constants/upload-limits';
import { buildLocalClientConfig } from '../../local/web/client-config';
import { waitUntil } from '../support/eventually';

const ON_STATUS = gql`
  subscription OnStatus($id: ID) {
    onVideoStatusChanged(id: $id) {
      id
      userId
      status
      progress
    }
  }
`;
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt } }';

/** The ws class, recording each socket and every message it sends and receives. */
function trackingWebSocket() {
  const sockets: TrackedSocket[] = [];
  class TrackedSocket extends WebSocket {
    readonly sent: any[] = [];
    readonly received: any[] = [];
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      sockets.push(this);
      this.addEventListener('message', (event) => {
        // ws's event API hands a text frame over as a string, and AppSync's protocol has only text frames.
        if (typeof event.data !== 'string') throw new Error('AppSync sent a binary frame on the real-time socket.');
        this.received.push(JSON.parse(event.data));
      });
    }
    override send(data: any, ...rest: any[]): void {
      this.sent.push(JSON.parse(String(data)));
      super.send(data, ...rest);
    }
  }
  /** The socket the link opened `index`-th (0: the first). */
  const socket = (index: number): TrackedSocket => {
    const opened = sockets[index];
    if (!opened) throw new Error(`The link opened ${sockets.length} socket(s), not ${index + 1}.`);
    return opened;
  };
  return { sockets, socket, TrackedSocket };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('client/src/api links against the local AppSync', () => {
  const endpoints = testEndpoints();
  // What the browser gets from the local web app's /config.json.
  const config: ClientConfig = buildLocalClientConfig(endpoints, DEFAULT_UPLOAD_LIMITS);
  let alice: TestUser;
  let bob: TestUser;
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser(endpoints, 'alice'), createUser(endpoints, 'bob')]);
  });
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  const as = (user: TestUser | undefined): GetAuthorization =>
    cognitoOrApiKey({ getIdToken: async () => user?.idToken, apiKey: endpoints.apiKey });

  function setup(getAuthorization: GetAuthorization) {
    const { sockets, socket, TrackedSocket } = trackingWebSocket();
    const link = buildAppSyncLink({
      config,
      getAuthorization,
      WebSocket: TrackedSocket,
      realtime: { idleCloseMs: 100, reconnect: { initialDelayMs: 50 } },
    });
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    cleanups.push(() => {
      client.stop();
      sockets.forEach((opened) => opened.terminate());
    });
    return { client, sockets, socket };
  }

  function subscribe(client: ApolloClient, variables: { id?: string } = {}) {
    const results: Array<{ data?: any; error?: unknown }> = [];
    let completed = false;
    const subscription = client.subscribe({ query: ON_STATUS, variables }).subscribe({
      next: (result) => results.push(result),
      complete: () => (completed = true),
    });
    cleanups.push(() => subscription.unsubscribe());
    return { results, subscription, isCompleted: () => completed };
  }

  const startAcks = (socket: { received: any[] }) => socket.received.filter((m) => m.type === 'start_ack').length;

  async function publish(id: string, userId: string, progress: number) {
    const result = await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
      input: { id, userId, status: 'PROCESSING', progress, updatedAt: new Date().toISOString() },
    });
    expect(result.errors).toBeUndefined();
  }

  test("a signed-in user receives their own video's status, not another user's", async () => {
    const { client, sockets, socket } = setup(as(alice));
    const { results } = subscribe(client);
    await waitUntil(() => sockets.length === 1 && startAcks(socket(0)) === 1, 'start_ack');

    const start = socket(0).sent.find((m) => m.type === 'start');
    expect(start.payload.extensions.authorization).toEqual({
      host: new URL(endpoints.graphqlUrl).host,
      Authorization: alice.idToken,
    });
    expect(JSON.parse(start.payload.data).variables).toEqual({});

    await publish('bobs-video', bob.sub, 10);
    await publish('alices-video', alice.sub, 40);
    await waitUntil(() => results.length === 1, 'the event');
    await pause(200);
    expect(results).toEqual([
      {
        data: {
          onVideoStatusChanged: {
            __typename: 'VideoStatusEvent',
            id: 'alices-video',
            userId: alice.sub,
            status: 'PROCESSING',
            progress: 40,
          },
        },
      },
    ]);
  });

  test('two subscriptions share one socket; stop ends each, and the socket closes after the last', async () => {
    const { client, sockets, socket } = setup(as(alice));
    const all = subscribe(client);
    const one = subscribe(client, { id: 'shared-1' });
    await waitUntil(() => sockets.length === 1 && startAcks(socket(0)) === 2, 'two start_acks');
    const starts = socket(0).sent.filter((m) => m.type === 'start');
    expect(new Set(starts.map((m) => m.id)).size).toBe(2);

    await publish('shared-1', alice.sub, 5);
    await waitUntil(() => all.results.length === 1 && one.results.length === 1, 'the event on both');
    expect(sockets).toHaveLength(1);

    one.subscription.unsubscribe();
    const oneId = starts.find((m) => JSON.parse(m.payload.data).variables.id === 'shared-1').id;
    await waitUntil(
      () => socket(0).received.some((m) => m.type === 'complete' && m.id === oneId),
      'complete for the first stop',
    );
    expect(socket(0).sent.filter((m) => m.type === 'stop')).toEqual([{ id: oneId, type: 'stop' }]);
    await pause(250);
    expect(socket(0).readyState).toBe(WebSocket.OPEN);

    all.subscription.unsubscribe();
    await waitUntil(() => socket(0).readyState === WebSocket.CLOSED, 'the socket to close');
    expect(socket(0).sent.filter((m) => m.type === 'stop')).toHaveLength(2);
    expect(sockets).toHaveLength(1);
  });

  test('an anonymous (API key) subscription ends with an Unauthorized error, not a crash', async () => {
    const { client, socket } = setup(as(undefined));
    const { results, isCompleted } = subscribe(client);
    await waitUntil(() => results.length === 1 && isCompleted(), 'the error');
    const { data, error } = results[0]!;
    expect(data).toBeUndefined();
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access onVideoStatusChanged on type Subscription',
    });
    expect(socket(0).sent.find((m) => m.type === 'start').payload.extensions.authorization).toEqual({
      host: new URL(endpoints.graphqlUrl).host,
      'x-api-key': endpoints.apiKey,
    });
    // Nothing is left subscribed, so the socket goes.
    await waitUntil(() => socket(0).readyState === WebSocket.CLOSED, 'the socket to close');
  });

  test('after the socket drops, the link reconnects, restarts the subscription and emits nothing until a real event', async () => {
    const { client, sockets, socket } = setup(as(alice));
    const { results, isCompleted } = subscribe(client, { id: 'reconnect-1' });
    await waitUntil(() => sockets.length === 1 && startAcks(socket(0)) === 1, 'start_ack');

    socket(0).terminate();
    await waitUntil(() => sockets.length === 2 && startAcks(socket(1)) === 1, 'a new socket and start_ack');
    expect(results).toEqual([]);
    expect(isCompleted()).toBe(false);

    await publish('reconnect-1', alice.sub, 70);
    await waitUntil(() => results.length === 1, 'the event after reconnecting');
    expect(results[0]?.data.onVideoStatusChanged).toMatchObject({ id: 'reconnect-1', progress: 70 });
  });

  test('queries go over HTTP: the feed with the API key, my videos with a Cognito token', async () => {
    const dynamo = dynamoClient(endpoints);
    const seeded = await seedVideo(dynamo, { userId: alice.sub, title: 'Link test', status: 'DONE' });
    dynamo.destroy();

    const anonymous = setup(as(undefined)).client;
    const feed = await anonymous.query<{ listVideos: { items: Array<{ id: string }> } }>({
      query: gql`
        query Feed {
          listVideos(limit: 50) {
            items {
              id
              title
            }
            nextToken
          }
        }
      `,
      fetchPolicy: 'no-cache',
    });
    expect(feed.data?.listVideos.items.map((video) => video.id)).toContain(seeded.id);

    const signedIn = setup(as(alice)).client;
    const mine = await signedIn.query<{ listMyVideos: { items: unknown[] } }>({
      query: gql`
        query Mine {
          listMyVideos {
            items {
              id
              userId
            }
          }
        }
      `,
      fetchPolicy: 'no-cache',
    });
    expect(mine.data?.listMyVideos.items).toEqual([{ __typename: 'Video', id: seeded.id, userId: alice.sub }]);

    // listMyVideos is for signed-in users only: the API key is refused, as an Apollo error.
    await expect(
      anonymous.query({
        query: gql`
          query Mine {
            listMyVideos {
              items {
                id
              }
            }
          }
        `,
        fetchPolicy: 'no-cache',
      }),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ errorType: 'Unauthorized' })],
    });
  });
});
