// Issue 14, item 7: what anyone learns of an uploader. The public API key reads the name they chose
// and their account's tag, never their Cognito sub (Video.userId), and a signed-in user sees only
// their own sub: anyone can sign up. A name anyone may choose is told apart by a tag nobody chooses.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import type { ApiAuth, GraphQLResult } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient, seedVideo } from '../support/videos';

const REGISTER = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id userId } }';
const GET_PUBLIC = 'query G($id: ID!) { getVideo(id: $id) { id ownerName ownerTag } }';
const GET_WITH_SUB = 'query G($id: ID!) { getVideo(id: $id) { id userId ownerName } }';
const FEED_WITH_SUB = 'query F { listVideos(limit: 100) { items { id userId } nextToken } }';

type FeedItem = { id: string; userId: string | null };

const endpoints = testEndpoints();
let db: DynamoDBClient;

beforeAll(() => {
  db = dynamoClient(endpoints);
});
afterAll(() => db.destroy());

/** The tag the account fixes: the sub's first 8 hex digits. */
const tagOf = (user: TestUser) => user.sub.replace(/-/g, '').slice(0, 8).toLowerCase();

/**
 * A public video of the user's, registered through the API: the pipeline finished the upload
 * before its owner named it, so createVideo writes the uploader's name and tag and lists it.
 */
async function publicVideo(user: TestUser, title: string): Promise<string> {
  const id = String((await seedVideo(db, { userId: user.sub, status: 'DONE', title: null })).id);
  const result = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, REGISTER, {
    input: { id, title },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data?.createVideo).toMatchObject({ id, userId: user.sub });
  return id;
}

/** The feed's first page (the newest 100: the suite's other files add to it too), with userId asked for. */
function feedWithSub(auth: ApiAuth): Promise<GraphQLResult<{ listVideos: { items: FeedItem[] } }>> {
  return graphql(endpoints, auth, FEED_WITH_SUB);
}

describe('Video.userId, the Cognito sub', () => {
  let alice: TestUser;
  let mallory: TestUser;
  let video: string;

  beforeAll(async () => {
    [alice, mallory] = await Promise.all([createUser(endpoints, 'alice'), createUser(endpoints, 'mallory')]);
    video = await publicVideo(alice, 'Whose is this?');
  });

  test("the API key cannot read it: AppSync's field error, and null in its place", async () => {
    const one = await graphql(endpoints, { mode: 'apiKey' }, GET_WITH_SUB, { id: video });
    expect(one.status).toBe(200);
    expect(one.errors).toEqual([
      expect.objectContaining({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access userId on type Video',
        path: ['getVideo', 'userId'],
      }),
    ]);
    expect(one.data).toEqual({ getVideo: { id: video, userId: null, ownerName: 'alice' } });

    const feed = await feedWithSub({ mode: 'apiKey' });
    const items = feed.data!.listVideos.items;
    expect(items.map((item) => item.id)).toContain(video);
    expect(items.every((item) => item.userId === null)).toBe(true);
    // One error per item, each at its own path.
    expect(feed.errors).toHaveLength(items.length);
    expect(feed.errors).toEqual(
      expect.arrayContaining(
        items.map((_, index) =>
          expect.objectContaining({
            errorType: 'Unauthorized',
            message: 'Not Authorized to access userId on type Video',
            path: ['listVideos', 'items', index, 'userId'],
          }),
        ),
      ),
    );
    expect(JSON.stringify([one, feed])).not.toContain(alice.sub);
  });

  test('signed in, a user sees their own sub and null for everyone else', async () => {
    const asOther = await graphql(endpoints, { mode: 'userPool', token: mallory.idToken }, GET_WITH_SUB, {
      id: video,
    });
    expect(asOther.errors).toBeUndefined();
    expect(asOther.data?.getVideo).toEqual({ id: video, userId: null, ownerName: 'alice' });

    const asOwner = await graphql(endpoints, { mode: 'userPool', token: alice.idToken }, GET_WITH_SUB, { id: video });
    expect(asOwner.data?.getVideo).toEqual({ id: video, userId: alice.sub, ownerName: 'alice' });

    const feed = await feedWithSub({ mode: 'userPool', token: mallory.idToken });
    expect(feed.errors).toBeUndefined();
    const items = feed.data!.listVideos.items;
    expect(items).toContainEqual({ id: video, userId: null });
    expect(items.filter((item) => item.userId !== null && item.userId !== mallory.sub)).toEqual([]);
    const ownFeed = await feedWithSub({ mode: 'userPool', token: alice.idToken });
    expect(ownFeed.data?.listVideos.items).toContainEqual({ id: video, userId: alice.sub });
  });
});

describe('the uploader name the public sees', () => {
  test('two uploaders who both chose "alice" are told apart by tags their accounts fix', async () => {
    const [first, second] = await Promise.all([createUser(endpoints, 'alice'), createUser(endpoints, 'alice')]);
    const ids = [await publicVideo(first, 'The real alice'), await publicVideo(second, 'Also alice')];
    const shown = await Promise.all(
      ids.map(async (id) => (await graphql(endpoints, { mode: 'apiKey' }, GET_PUBLIC, { id })).data?.getVideo),
    );
    expect(shown).toEqual([
      { id: ids[0], ownerName: 'alice', ownerTag: tagOf(first) },
      { id: ids[1], ownerName: 'alice', ownerTag: tagOf(second) },
    ]);
    expect(tagOf(first)).toMatch(/^[0-9a-f]{8}$/);
    expect(tagOf(first)).not.toBe(tagOf(second));
  });

  test("a chosen name cannot wear another account's tag, and is cut to 40 characters", async () => {
    const victim = await createUser(endpoints, 'alice');
    const forger = await createUser(endpoints, 'forger', `alice #${tagOf(victim)}`);
    const forged = await publicVideo(forger, 'Not alice');
    const shown = await graphql(endpoints, { mode: 'apiKey' }, GET_PUBLIC, { id: forged });
    expect(shown.data?.getVideo).toEqual({ id: forged, ownerName: `alice ${tagOf(victim)}`, ownerTag: tagOf(forger) });

    const verbose = await createUser(endpoints, 'verbose', 'v'.repeat(100));
    const long = await publicVideo(verbose, 'A long name');
    const cut = await graphql(endpoints, { mode: 'apiKey' }, GET_PUBLIC, { id: long });
    expect(cut.data?.getVideo).toMatchObject({ ownerName: 'v'.repeat(40) });
  });
});
