import { randomUUID } from 'node:crypto';
import type { Endpoints } from '../../local/endpoints';
import { graphql } from './graphql-client';
import type { RealtimeClient, RealtimeMessage } from './realtime-client';

// "Nothing arrived" without sleeping: after the event that must not reach a socket has been
// published, a sentinel status event is published to a subscription of its own on that socket.
// The server writes to one socket in publish order, so once the sentinel is in, anything published
// before it that was going to arrive has arrived: a slow delivery cannot pass for no delivery.

const SENTINEL_PREFIX = 'sentinel-';
const SUBSCRIPTION = 'subscription Sentinel($id: ID) { onVideoStatusChanged(id: $id) { id } }';
// Subscriptions see only what the mutation selected, and filter on it (userId): select it all.
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress updatedAt failureReason durationSeconds playlistUrl thumbnailUrl } }';

/** Waits until a sentinel published now has reached `socket`, on a subscription made as `user`. */
export async function receiveSentinel(
  endpoints: Endpoints,
  socket: RealtimeClient,
  user: { sub: string; idToken: string },
): Promise<void> {
  const id = `${SENTINEL_PREFIX}${randomUUID()}`;
  socket.subscribe(id, SUBSCRIPTION, { id }, { Authorization: user.idToken }, new URL(endpoints.graphqlUrl).host);
  const reply = await socket.waitFor((message) => message.id === id);
  if (reply.type !== 'start_ack') throw new Error(`the sentinel's subscription was refused: ${JSON.stringify(reply)}`);
  const published = await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
    input: { id, userId: user.sub, status: 'PROCESSING', progress: 0, updatedAt: new Date().toISOString() },
  });
  if (published.errors) throw new Error(`publishing the sentinel failed: ${JSON.stringify(published.errors)}`);
  await socket.waitFor((message) => message.id === id && message.type === 'data', 10_000);
}

/** A message of a sentinel's subscription or about a sentinel, for tests that look at everything a socket got. */
export function isSentinel(message: RealtimeMessage): boolean {
  const videoId: unknown = message.payload?.data?.onVideoStatusChanged?.id;
  return [message.id, videoId].some((id) => typeof id === 'string' && id.startsWith(SENTINEL_PREFIX));
}
