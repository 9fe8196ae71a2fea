import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient, seedVideo } from '../support/videos';

const VIDEO_FIELDS = 'id userId title description status progress createdAt updatedAt';
const GET = `query Get($id: ID!) { getVideo(id: $id) { ${VIDEO_FIELDS} } }`;
/** What the API key may read: all but userId. */
const PUBLIC_GET = 'query Get($id: ID!) { getVideo(id: $id) { id title status ownerName ownerTag } }';
const MINE = `query Mine($limit: Int, $nextToken: String) { listMyVideos(limit: $limit, nextToken: $nextToken) { items { ${VIDEO_FIELDS} } nextToken } }`;
const FEED =
  'query Feed($limit: Int, $nextToken: String) { listVideos(limit: $limit, nextToken: $nextToken) { items { id title status } nextToken } }';
const UPDATE = `mutation Update($input: UpdateVideoInput!) { updateVideo(input: $input) { ${VIDEO_FIELDS} } }`;
const DELETE = 'mutation Delete($id: ID!) { deleteVideo(id: $id) { id } }';

describe('videos through the GraphQL API', () => {
  const endpoints = testEndpoints();
  let db: DynamoDBClient;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    db = dynamoClient(endpoints);
    [alice, bob] = await Promise.all([createUser(endpoints, 'alice'), createUser(endpoints, 'bob')]);
  });
  afterAll(() => db.destroy());

  test('the public feed lists DONE videos newest first, with the API key, and pages with nextToken', async () => {
    // Prepare: seeded in creation order, so ULIDs ascend.
    const seeded: string[] = [];
    for (let i = 0; i < 7; i += 1)
      seeded.push(String((await seedVideo(db, { userId: alice.sub, title: `feed ${i}` })).id));
    await seedVideo(db, { userId: alice.sub, status: 'PROCESSING' });
    // Act: walk the whole feed three at a time.
    const seen: string[] = [];
    let nextToken: string | null = null;
    do {
      const page: any = await graphql(endpoints, { mode: 'apiKey' }, FEED, { limit: 3, nextToken });
      expect(page.errors).toBeUndefined();
      expect(page.data.listVideos.items.length).toBeLessThanOrEqual(3);
      seen.push(
        ...page.data.listVideos.items.map((item: { id: string; status: string }) => {
          expect(item.status).toBe('DONE');
          return item.id;
        }),
      );
      nextToken = page.data.listVideos.nextToken;
    } while (nextToken);
    // Assess: every seeded video exactly once, newest first.
    const ours = seen.filter((id) => seeded.includes(id));
    expect(ours).toEqual([...seeded].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("a nextToken tagged with any key but the data dir's own is refused as AppSync refuses a token it did not issue", async () => {
    await seedVideo(db, { userId: alice.sub, title: 'token 1' });
    await seedVideo(db, { userId: alice.sub, title: 'token 2' });
    const first: any = await graphql(endpoints, { mode: 'apiKey' }, FEED, { limit: 1 });
    const issued: string = first.data.listVideos.nextToken;
    const [body = '', tag] = issued.split('.');
    const tagWith = (key: string | Buffer) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);
    // The key is the data dir's own, made at its first start and kept in its settings.
    const dataDir = process.env.VIDEOPIPE_TEST_DATA_DIR ?? '';
    const settings = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { nextTokenKey: string };
    expect(Buffer.from(settings.nextTokenKey, 'base64')).toHaveLength(32);
    expect(tag).toBe(tagWith(Buffer.from(settings.nextTokenKey, 'base64')));
    // A token made with the key the source once held, or edited, starts no page.
    const forged = [`${body}.${tagWith('videopipe-local-appsync-next-token')}`, `${body}A.${tag}`, 'garbage'];
    for (const nextToken of forged) {
      const page = await graphql(endpoints, { mode: 'apiKey' }, FEED, { limit: 1, nextToken });
      // listVideos is non-null, so its error nulls the whole data.
      expect(page.data).toBeNull();
      expect(page.errors?.[0]).toMatchObject({
        errorType: 'DynamoDB:UserIllegalArgumentException',
        message:
          'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.',
        path: ['listVideos'],
      });
    }
    // The token as issued pages on.
    const next = await graphql(endpoints, { mode: 'apiKey' }, FEED, { limit: 1, nextToken: issued });
    expect(next.errors).toBeUndefined();
    expect(next.data?.listVideos.items).toHaveLength(1);
  });

  test('limit outside 1..100 is a ValidationError', async () => {
    const result = await graphql(endpoints, { mode: 'apiKey' }, FEED, { limit: 0 });
    expect(result.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: ['listVideos'] });
  });

  test('getVideo: DONE for anyone, PROCESSING only for its owner', async () => {
    const done = await seedVideo(db, { userId: alice.sub, status: 'DONE' });
    const processing = await seedVideo(db, { userId: alice.sub, status: 'PROCESSING' });
    const asKey = await graphql(endpoints, { mode: 'apiKey' }, PUBLIC_GET, { id: done.id });
    expect(asKey.errors).toBeUndefined();
    expect(asKey.data?.getVideo).toMatchObject({ id: done.id, status: 'DONE' });
    expect((await graphql(endpoints, { mode: 'apiKey' }, PUBLIC_GET, { id: processing.id })).data?.getVideo).toBeNull();
    expect(
      (await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, GET, { id: processing.id })).data?.getVideo,
    ).toBeNull();
    const asOwner = await graphql(endpoints, { mode: 'userPool', token: alice.idToken }, GET, { id: processing.id });
    expect(asOwner.data?.getVideo).toMatchObject({ id: processing.id, status: 'PROCESSING', progress: 10 });
  });

  test("listMyVideos: the caller's videos in every status, without unregistered uploads, and not for the API key", async () => {
    const carol = await createUser(endpoints, 'carol');
    const mine = [
      await seedVideo(db, { userId: carol.sub, status: 'PROCESSING' }),
      await seedVideo(db, { userId: carol.sub, status: 'FAILED' }),
      await seedVideo(db, { userId: carol.sub, status: 'DONE' }),
    ];
    await seedVideo(db, { userId: carol.sub, status: 'PROCESSING', title: null });
    await seedVideo(db, { userId: bob.sub, status: 'DONE' });
    const result = await graphql(endpoints, { mode: 'userPool', token: carol.accessToken }, MINE, { limit: 50 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.listMyVideos.items.map((v: { id: string }) => v.id)).toEqual(mine.map((v) => v.id).reverse());
    const denied = await graphql(endpoints, { mode: 'apiKey' }, MINE, {});
    expect(denied.status).toBe(200);
    expect(denied.errors?.[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access listMyVideos on type Query',
    });
  });

  test('updateVideo: the owner changes title and description; validation errors are sentences', async () => {
    const video = await seedVideo(db, { userId: alice.sub, description: 'old' });
    const updated = await graphql(endpoints, { mode: 'userPool', token: alice.idToken }, UPDATE, {
      input: { id: video.id, title: '  A better title  ', description: 'Line one\nline two 🎬' },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateVideo).toMatchObject({ title: 'A better title', description: 'Line one\nline two 🎬' });
    expect(updated.data?.updateVideo.updatedAt >= String(video.updatedAt)).toBe(true);

    const cleared = await graphql(endpoints, { mode: 'userPool', token: alice.idToken }, UPDATE, {
      input: { id: video.id, description: '' },
    });
    expect(cleared.data?.updateVideo.description).toBeNull();

    for (const [input, message] of [
      [{ id: video.id, title: '   ' }, 'Title must not be empty.'],
      [{ id: video.id, title: 'x'.repeat(201) }, 'Title must be at most 200 characters; it has 201.'],
      [{ id: video.id, title: 'bell\u0007' }, 'Title must not contain control characters.'],
      [{ id: video.id }, 'Nothing to update: give a title or a description.'],
    ] as const) {
      const result = await graphql(endpoints, { mode: 'userPool', token: alice.idToken }, UPDATE, { input });
      expect(result.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message });
    }
  });

  test('another user can neither update nor delete a video, and learns nothing about it', async () => {
    const video = await seedVideo(db, { userId: alice.sub });
    const update = await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, UPDATE, {
      input: { id: video.id, title: 'mine now' },
    });
    expect(update.errors?.[0]).toMatchObject({
      errorType: 'NotFound',
      message: `No video ${String(video.id)} of yours exists.`,
    });
    const remove = await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, DELETE, { id: video.id });
    expect(remove.errors?.[0]).toMatchObject({ errorType: 'NotFound' });
    const still = await graphql(endpoints, { mode: 'apiKey' }, GET, { id: video.id });
    expect(still.data?.getVideo).toMatchObject({ id: video.id, title: 'A seeded video' });
  });

  test("errors have AppSync's shape", async () => {
    const result = await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, UPDATE, {
      input: { id: 'nope', title: 'x' },
    });
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      {
        path: ['updateVideo'],
        data: null,
        errorType: 'NotFound',
        errorInfo: null,
        locations: [{ line: 1, column: UPDATE.indexOf('updateVideo(') + 1, sourceName: null }],
        message: 'No video nope of yours exists.',
      },
    ]);
  });

  test('publishVideoStatus is for IAM only', async () => {
    const publish = 'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id } }';
    const input = { id: 'v', userId: alice.sub, status: 'DONE', progress: 100, updatedAt: new Date().toISOString() };
    for (const auth of [{ mode: 'userPool', token: alice.idToken }, { mode: 'apiKey' }] as const) {
      const result = await graphql(endpoints, auth, publish, { input });
      expect(result.errors?.[0]).toMatchObject({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access publishVideoStatus on type Mutation',
      });
    }
  });

  test('a syntax error and an unknown field are reported, not thrown', async () => {
    const syntax = await graphql(endpoints, { mode: 'apiKey' }, 'query { listVideos(');
    expect(syntax.status).toBe(200);
    expect(syntax.errors?.[0]?.message).toMatch(/Syntax Error/);
    const unknown = await graphql(endpoints, { mode: 'apiKey' }, 'query { nope }');
    expect(unknown.errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
  });
});
