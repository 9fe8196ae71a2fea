// common/appsync-realtime's client in Node (the ws package) against the local AppSync: the parts
// the web client's link does not use, the header- subprotocol handshake and IAM, whose handshake
// and starts are each signed over their own request.
import WebSocket from 'ws';
import { AppSyncRealtimeClient, SubscriptionFailedError } from '../../common/appsync-realtime';
import type { AppSyncRealtimeClientOptions, Authorizer, SubscriptionPayload } from '../../common/appsync-realtime';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { graphql } from '../support/graphql-client';
import { signRealtimeRequest } from '../support/iam-realtime';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

const SUBSCRIPTION = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id userId progress } }';
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt } }';

const endpoints = testEndpoints();
const clients: AppSyncRealtimeClient[] = [];
let alice: TestUser;

beforeAll(async () => {
  alice = await createUser(endpoints, 'alice');
});
afterEach(() => clients.splice(0).forEach((client) => client.close()));

function connect(authorize: Authorizer, options: Partial<AppSyncRealtimeClientOptions> = {}) {
  const client = new AppSyncRealtimeClient({
    realtimeUrl: endpoints.realtimeUrl,
    graphqlUrl: endpoints.graphqlUrl,
    authorize,
    WebSocket,
    reconnect: { maxAttempts: 0 },
    ...options,
  });
  clients.push(client);
  return client;
}

/** Subscribes and settles on the first answer: started, or the error that ended it. */
function subscribe(client: AppSyncRealtimeClient, variables: Record<string, unknown>) {
  const events: SubscriptionPayload[] = [];
  const outcome = new Promise<unknown>((resolve) => {
    client.subscribe(
      { query: SUBSCRIPTION, variables },
      {
        onStarted: () => resolve('started'),
        onData: (payload) => events.push(payload),
        onError: resolve,
        onComplete: () => resolve('complete'),
      },
    );
  });
  return { events, outcome };
}

test("a Cognito user subscribes over the header- subprotocol and receives their video's events", async () => {
  const client = connect(async () => ({ Authorization: alice.idToken }), { handshake: 'subprotocol' });
  const videoId = `subprotocol-${Date.now()}`;
  const { events, outcome } = subscribe(client, { id: videoId });
  expect(await outcome).toBe('started');

  const published = await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
    input: { id: videoId, userId: alice.sub, status: 'PROCESSING', progress: 12, updatedAt: new Date().toISOString() },
  });
  expect(published.errors).toBeUndefined();
  await eventually(() => expect(events).toHaveLength(1), { what: 'the event', intervalMs: 20 });
  expect(events).toEqual([{ data: { onVideoStatusChanged: { id: videoId, userId: alice.sub, progress: 12 } } }]);
});

test('IAM: the handshake signed for /connect is accepted, and a start signed over its data reaches field auth', async () => {
  const client = connect((request) => signRealtimeRequest(endpoints, request));
  const { outcome } = subscribe(client, {});
  const error = await outcome;
  // Unauthorized is the schema's answer (the field is for Cognito users): the signatures themselves held.
  expect(error).toBeInstanceOf(SubscriptionFailedError);
  expect((error as SubscriptionFailedError).errors).toEqual([
    expect.objectContaining({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access onVideoStatusChanged on type Subscription',
    }),
  ]);
});

test("IAM: a start signed over another request's body is refused as a bad signature", async () => {
  // Signs every start as if it were the handshake: the signature no longer covers the start's data.
  const client = connect((request) =>
    signRealtimeRequest(endpoints, request.type === 'start' ? { ...request, body: '{"query":"other"}' } : request),
  );
  const { outcome } = subscribe(client, {});
  const error = await outcome;
  expect(error).toBeInstanceOf(SubscriptionFailedError);
  expect((error as SubscriptionFailedError).errors[0]?.errorType).toBe('UnauthorizedException');
});
