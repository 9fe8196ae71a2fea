// scripts/lib/realtime-subscription.ts (what `npm run demo` and bench:e2e follow a video with)
// against the local AppSync: events arrive live, and each failure before start_ack is a sentence.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CliError } from '../../scripts/lib/cli-error';
import { openSubscription } from '../../scripts/lib/realtime-subscription';
import type { SubscriptionOptions } from '../../scripts/lib/realtime-subscription';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { graphql } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

const STATUS = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id progress } }';
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt } }';

const endpoints = testEndpoints();
let alice: TestUser;

beforeAll(async () => {
  alice = await createUser(endpoints, 'alice');
});

function options(overrides: Partial<SubscriptionOptions> = {}): SubscriptionOptions {
  return {
    realtimeUrl: endpoints.realtimeUrl,
    graphqlUrl: endpoints.graphqlUrl,
    authorization: { Authorization: alice.idToken },
    query: STATUS,
    onData: () => undefined,
    ...overrides,
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('resolves once started, delivers each event with its arrival time, and close() ends it quietly', async () => {
  const videoId = `script-${Date.now()}`;
  const received: Array<{ data: Record<string, unknown>; receivedAtMs: number }> = [];
  const ends: string[] = [];
  const subscription = await openSubscription(
    options({
      variables: { id: videoId },
      onData: (data, receivedAtMs) => received.push({ data, receivedAtMs }),
      onEnd: (reason) => ends.push(reason),
    }),
  );
  const before = Date.now();
  const published = await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
    input: { id: videoId, userId: alice.sub, status: 'PROCESSING', progress: 33, updatedAt: new Date().toISOString() },
  });
  expect(published.errors).toBeUndefined();
  await eventually(() => expect(received.length).toBeGreaterThan(0), { what: 'the event', intervalMs: 20 });
  expect(received).toEqual([
    { data: { onVideoStatusChanged: { id: videoId, progress: 33 } }, receivedAtMs: expect.any(Number) },
  ]);
  expect(received[0]?.receivedAtMs).toBeGreaterThanOrEqual(before);

  subscription.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(ends).toEqual([]);
});

test("a refused token rejects with the endpoint's reason", async () => {
  const refused = openSubscription(options({ authorization: { Authorization: 'not-a-token' } }));
  await expect(refused).rejects.toBeInstanceOf(CliError);
  await expect(refused).rejects.toThrow(/^The real-time endpoint refused the connection: .+\.$/);
});

test('a refused start rejects with the reason', async () => {
  const refused = openSubscription(options({ authorization: { 'x-api-key': endpoints.apiKey } }));
  await expect(refused).rejects.toThrow(
    'The subscription was refused: Not Authorized to access onVideoStatusChanged on type Subscription.',
  );
});

test('an endpoint nobody answers rejects with what the socket said', async () => {
  const realtimeUrl = `ws://127.0.0.1:${await closedPort()}/graphql/realtime`;
  await expect(openSubscription(options({ realtimeUrl }))).rejects.toThrow(
    new RegExp(`^Could not open the real-time connection at ${realtimeUrl}: .*ECONNREFUSED.*\\.$`),
  );
});
