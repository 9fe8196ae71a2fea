// AppSync's real-time limits on the local endpoint (issue 14): one keep-alive per connection
// however many connection_init it sends, frames over the message size refused before they are
// buffered, subscriptions per connection, a wait for connection_init, and data messages over the
// payload size not delivered. A local cloud of this suite's own, started with small limits, makes
// each quick to reach; the last tests hold the shared cloud to AppSync's own defaults.
import { rmSync } from 'node:fs';
import { CONNECTION_INIT } from '../../common/appsync-realtime';
import type { Endpoints } from '../../local/endpoints';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { graphql } from '../support/graphql-client';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { RealtimeClient } from '../support/realtime-client';
import type { RealtimeMessage } from '../support/realtime-client';
import { receiveSentinel } from '../support/sentinel';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

jest.setTimeout(120_000);

const SUBSCRIPTION = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id failureReason } }';
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt failureReason } }';
const UNSUPPORTED = {
  errorType: 'UnsupportedOperation',
  message: 'unknown not supported through the realtime channel',
};

const sockets: RealtimeClient[] = [];
afterAll(() => sockets.forEach((socket) => socket.close()));

async function connected(endpoints: Endpoints, authorization: Record<string, string>): Promise<RealtimeClient> {
  const socket = await RealtimeClient.connect(endpoints, authorization);
  sockets.push(socket);
  await socket.waitFor((message) => message.type === 'connection_ack');
  return socket;
}

const ofType = (socket: RealtimeClient, type: string) => socket.messages.filter((message) => message.type === type);

/** A frame of exactly `bytes` bytes that is JSON but no message of the protocol. */
function frameOfSize(bytes: number): string {
  const empty = JSON.stringify({ type: 'padding', pad: '' });
  return JSON.stringify({ type: 'padding', pad: 'x'.repeat(bytes - empty.length) });
}

/** Starts `count` subscriptions at once, without waiting between them, and returns each one's answer. */
async function startAll(
  endpoints: Endpoints,
  socket: RealtimeClient,
  user: TestUser,
  ids: string[],
): Promise<RealtimeMessage[]> {
  const host = new URL(endpoints.graphqlUrl).host;
  for (const id of ids) socket.subscribe(id, SUBSCRIPTION, { id }, { Authorization: user.idToken }, host);
  const answered = () => socket.messages.filter((message) => message.id !== undefined && ids.includes(message.id));
  await eventually(() => expect(answered()).toHaveLength(ids.length), {
    what: 'an answer to every start',
    timeoutMs: 30_000,
  });
  return answered();
}

function maxSubscriptionsReached(id: string, max: number) {
  // AppSync sends this error's `errors` as one object, not a list.
  return {
    id,
    type: 'error',
    payload: {
      errors: { errorType: 'MaxSubscriptionsReachedError', message: `Max number of ${max} subscriptions reached` },
    },
  };
}

describe('with small limits', () => {
  const MAX_MESSAGE_BYTES = 4096;
  const MAX_SUBSCRIPTIONS = 3;
  const INIT_TIMEOUT_MS = 500;
  const KEEP_ALIVE_MS = 100;
  let cloud: LocalCloudProcess;
  let endpoints: Endpoints;
  let alice: TestUser;

  beforeAll(async () => {
    cloud = await startLocalCloudProcess({
      args: ['--auto-confirm'],
      env: {
        VIDEOPIPE_REALTIME_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
        VIDEOPIPE_REALTIME_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
        VIDEOPIPE_REALTIME_INIT_TIMEOUT_MS: String(INIT_TIMEOUT_MS),
        VIDEOPIPE_REALTIME_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS),
      },
    });
    endpoints = cloud.endpoints;
    alice = await createUser(endpoints, 'alice');
  }, 60_000);

  afterAll(async () => {
    await cloud.stop();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  test('2,000 connection_init are each acknowledged, and the connection keeps one keep-alive', async () => {
    const socket = await connected(endpoints, { 'x-api-key': endpoints.apiKey });
    for (let i = 0; i < 2000; i += 1) socket.send(CONNECTION_INIT);
    await eventually(() => expect(ofType(socket, 'connection_ack')).toHaveLength(2001), { timeoutMs: 15_000 });
    const before = ofType(socket, 'ka').length;
    await new Promise((resolve) => setTimeout(resolve, 10 * KEEP_ALIVE_MS));
    // One timer: about ten ka in ten intervals. One per init would be some 20,000.
    const keepAlives = ofType(socket, 'ka').length - before;
    expect(keepAlives).toBeGreaterThanOrEqual(5);
    expect(keepAlives).toBeLessThanOrEqual(12);
  });

  test('a frame of the message size is read; one byte more closes the socket (1009) unread', async () => {
    const atLimit = await connected(endpoints, { 'x-api-key': endpoints.apiKey });
    atLimit.sendRaw(frameOfSize(MAX_MESSAGE_BYTES));
    expect(await atLimit.waitFor((message) => message.type === 'error')).toEqual({
      type: 'error',
      payload: { errors: [UNSUPPORTED] },
    });
    const overLimit = await connected(endpoints, { 'x-api-key': endpoints.apiKey });
    overLimit.sendRaw(frameOfSize(MAX_MESSAGE_BYTES + 1));
    expect((await overLimit.closed).code).toBe(1009);
    expect(ofType(overLimit, 'error')).toEqual([]);
  });

  test('starts sent at once past the subscriptions per connection get MaxSubscriptionsReachedError; a stop frees a place', async () => {
    const socket = await connected(endpoints, { Authorization: alice.idToken });
    const ids = Array.from({ length: 50 }, (_, index) => `burst-${index}`);
    const answers = await startAll(endpoints, socket, alice, ids);
    const started = answers.filter((answer) => answer.type === 'start_ack').map((answer) => answer.id as string);
    expect(started).toHaveLength(MAX_SUBSCRIPTIONS);
    expect(answers.filter((answer) => answer.type === 'error')).toEqual(
      ids.filter((id) => !started.includes(id)).map((id) => maxSubscriptionsReached(id, MAX_SUBSCRIPTIONS)),
    );

    socket.send({ type: 'stop', id: started[0] });
    await socket.waitFor((message) => message.type === 'complete' && message.id === started[0]);
    expect(await startAll(endpoints, socket, alice, ['after-stop'])).toEqual([{ id: 'after-stop', type: 'start_ack' }]);
  });

  test('a socket that sends no connection_init is closed after the wait; one that does stays open', async () => {
    const silent = await RealtimeClient.open(endpoints, { 'x-api-key': endpoints.apiKey });
    sockets.push(silent);
    const initialized = await connected(endpoints, { 'x-api-key': endpoints.apiKey });
    const started = Date.now();
    expect(await silent.closed).toEqual({ code: 1000, reason: 'connection_init not received' });
    expect(Date.now() - started).toBeLessThan(INIT_TIMEOUT_MS + 2000);
    await new Promise((resolve) => setTimeout(resolve, INIT_TIMEOUT_MS));
    expect(initialized.socket.readyState).toBe(initialized.socket.OPEN);
  });

  test('a data message over the payload size is not delivered; the next one is', async () => {
    const socket = await connected(endpoints, { Authorization: alice.idToken });
    const videoId = `payload-${Date.now()}`;
    expect(await startAll(endpoints, socket, alice, [videoId])).toEqual([{ id: videoId, type: 'start_ack' }]);
    const publish = (failureReason: string) =>
      graphql(endpoints, { mode: 'iam' }, PUBLISH, {
        input: {
          id: videoId,
          userId: alice.sub,
          status: 'FAILED',
          progress: 0,
          updatedAt: new Date().toISOString(),
          failureReason,
        },
      });
    expect((await publish('x'.repeat(MAX_MESSAGE_BYTES))).errors).toBeUndefined();
    expect((await publish('short')).errors).toBeUndefined();
    await socket.waitFor((message) => message.type === 'data');
    await receiveSentinel(endpoints, socket, alice);
    const reasons = ofType(socket, 'data')
      .filter((message) => message.id === videoId)
      .map((message) => (message.payload.data.onVideoStatusChanged as { failureReason: string }).failureReason);
    expect(reasons).toEqual(['short']);
  });
});

describe("at AppSync's defaults (the suite's cloud)", () => {
  const endpoints = testEndpoints();

  test('100 subscriptions on one connection are started; the 101st is MaxSubscriptionsReachedError', async () => {
    const bob = await createUser(endpoints, 'bob');
    const socket = await connected(endpoints, { Authorization: bob.idToken });
    const ids = Array.from({ length: 101 }, (_, index) => `default-${index}`);
    const answers = await startAll(endpoints, socket, bob, ids.slice(0, 100));
    expect(answers.filter((answer) => answer.type === 'start_ack')).toHaveLength(100);
    expect(await startAll(endpoints, socket, bob, ids.slice(100))).toEqual([
      maxSubscriptionsReached('default-100', 100),
    ]);
  });

  test('a frame of 240 KB is read; one byte more closes the socket (1009)', async () => {
    const atLimit = await connected(endpoints, { 'x-api-key': endpoints.apiKey });
    atLimit.sendRaw(frameOfSize(240 * 1024));
    expect(await atLimit.waitFor((message) => message.type === 'error')).toEqual({
      type: 'error',
      payload: { errors: [UNSUPPORTED] },
    });
    const overLimit = await connected(endpoints, { 'x-api-key': endpoints.apiKey });
    overLimit.sendRaw(frameOfSize(240 * 1024 + 1));
    expect((await overLimit.closed).code).toBe(1009);
  });
});
