// The authorization matrix (issue 7): every query, mutation and subscription of schema.graphql,
// called as each kind of caller, with the expected allow or deny written down below and asserted
// one cell at a time against the suite's local cloud. Then the presigned POST's own guarantees.
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { loadSchema } from '../../local/appsync/load-schema';
import { testEndpoints } from '../support/endpoints';
import { expiredToken, otherPoolToken, tamperedToken } from '../support/forged-tokens';
import { graphql } from '../support/graphql-client';
import type { ApiAuth, GraphQLResult } from '../support/graphql-client';
import { iamRealtimeAuthorization } from '../support/iam-realtime';
import { decodePolicy, postForm, resignPolicy } from '../support/post-forms';
import type { PostFields } from '../support/post-forms';
import { RealtimeClient } from '../support/realtime-client';
import type { RealtimeMessage } from '../support/realtime-client';
import { errorCode } from '../support/s3-requests';
import { ABORT, COMPLETE, dataOf, FIND, multipartApi, putPart, SIGN, START } from '../support/multipart-uploads';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient, seedVideo } from '../support/videos';

// ---------------------------------------------------------------------------------------------
// The callers. "owner" is alice, whose videos every row is about; "other" is mallory, signed in
// to the same pool. The last three present alice's identity in a token AppSync must not accept.
const MODES = ['anonymous', 'apiKey', 'owner', 'other', 'iam', 'expired', 'otherPool', 'tampered'] as const;
type Mode = (typeof MODES)[number];
//   anonymous  no credentials at all (HTTP: no auth header; socket: a header with only the host)
//   apiKey     the API's API key
//   owner      alice's ID token
//   other      mallory's ID token
//   iam        SigV4 with the local credentials (the back end)
//   expired    alice's token re-signed by the pool's own key with exp an hour ago
//   otherPool  alice's claims issued by another user pool (its issuer, its key)
//   tampered   mallory's token with the payload rewritten to alice's sub, signature kept

// The outcomes.
/** Succeeds, and the owner's data is in the answer (createUploadUrl: a ticket bound to the caller). */
const ALLOW = 'allow';
/** Succeeds, but shows nothing of the owner's: null, not listed, no event delivered. */
const HIDDEN = 'hidden';
/** Refused whole before any field runs: HTTP 401 UnauthorizedException; on the socket, connection_error. */
const REFUSED = '401 UnauthorizedException';
/** The field's auth directives do not admit the mode: "Not Authorized to access F on type T", errorType Unauthorized. */
const DENIED = 'Unauthorized';
/** Admitted, but the upload's owner check refuses: errorType Unauthorized, "Upload … belongs to another user." */
const NOT_YOURS = 'Unauthorized (owner check)';
/** Admitted, but the ownership condition answers as for a missing video: errorType NotFound. */
const NOT_FOUND = 'NotFound';
type Outcome = typeof ALLOW | typeof HIDDEN | typeof REFUSED | typeof DENIED | typeof NOT_YOURS | typeof NOT_FOUND;

/** An operation, then its outcome for each mode in MODES order. */
type Row = [
  operation: string,
  anonymous: Outcome,
  apiKey: Outcome,
  owner: Outcome,
  other: Outcome,
  iam: Outcome,
  expired: Outcome,
  otherPool: Outcome,
  tampered: Outcome,
];

const MATRIX: Row[] = [
  // operation                                 anonymous apiKey  owner   other      iam     expired  otherPool tampered
  ['Query.listVideos', REFUSED, ALLOW, ALLOW, ALLOW, DENIED, REFUSED, REFUSED, REFUSED],
  ['Query.getVideo (DONE)', REFUSED, ALLOW, ALLOW, ALLOW, DENIED, REFUSED, REFUSED, REFUSED],
  ['Query.getVideo (PROCESSING)', REFUSED, HIDDEN, ALLOW, HIDDEN, DENIED, REFUSED, REFUSED, REFUSED],
  ['Query.getVideo (FAILED)', REFUSED, HIDDEN, ALLOW, HIDDEN, DENIED, REFUSED, REFUSED, REFUSED],
  ['Query.listMyVideos', REFUSED, DENIED, ALLOW, HIDDEN, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.createUploadUrl', REFUSED, DENIED, ALLOW, ALLOW, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.startMultipartUpload', REFUSED, DENIED, ALLOW, ALLOW, DENIED, REFUSED, REFUSED, REFUSED],
  ['Query.multipartUpload', REFUSED, DENIED, ALLOW, HIDDEN, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.createUploadPartUrls', REFUSED, DENIED, ALLOW, NOT_FOUND, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.completeMultipartUpload', REFUSED, DENIED, ALLOW, NOT_FOUND, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.abortMultipartUpload', REFUSED, DENIED, ALLOW, NOT_FOUND, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.createVideo', REFUSED, DENIED, ALLOW, NOT_YOURS, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.updateVideo', REFUSED, DENIED, ALLOW, NOT_FOUND, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.deleteVideo', REFUSED, DENIED, ALLOW, NOT_FOUND, DENIED, REFUSED, REFUSED, REFUSED],
  ['Mutation.publishVideoStatus', REFUSED, DENIED, DENIED, DENIED, ALLOW, REFUSED, REFUSED, REFUSED],
  ['Subscription.onVideoStatusChanged(id)', REFUSED, DENIED, ALLOW, HIDDEN, DENIED, REFUSED, REFUSED, REFUSED],
  ['Subscription.onVideoStatusChanged', REFUSED, DENIED, ALLOW, HIDDEN, DENIED, REFUSED, REFUSED, REFUSED],
];

// ---------------------------------------------------------------------------------------------

// The public queries leave out Video.userId, which the API key may not read and other users see
// as null: test/integration/public-identity.test.ts holds that field to its own rules.
const GET = 'query G($id: ID!) { getVideo(id: $id) { id status title } }';
const FEED =
  'query F($nextToken: String) { listVideos(limit: 100, nextToken: $nextToken) { items { id status } nextToken } }';
const MINE = 'query M { listMyVideos(limit: 100) { items { id userId status } nextToken } }';
const TICKET =
  'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields expiresAt } }';
const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id userId title status } }';
const UPDATE = 'mutation U($input: UpdateVideoInput!) { updateVideo(input: $input) { id userId title } }';
const DELETE = 'mutation D($id: ID!) { deleteVideo(id: $id) { id userId } }';
const PUBLISH =
  'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id userId status progress } }';
const SUBSCRIBE = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id userId status progress } }';

const endpoints = testEndpoints();
const host = new URL(endpoints.graphqlUrl).host;
let db: DynamoDBClient;
let alice: TestUser;
let mallory: TestUser;
/** Alice's videos in each status, and mallory's own, seeded once. */
const videos = { done: '', processing: '', failed: '', malloryDone: '', malloryProcessing: '' };
const httpAuth = {} as Record<Mode, ApiAuth>;
/** Alice's own subscriber to all her events: what a forged publish would reach. */
let aliceWatcher: RealtimeClient;
const sockets: RealtimeClient[] = [];

beforeAll(async () => {
  db = dynamoClient(endpoints);
  [alice, mallory] = await Promise.all([createUser(endpoints, 'alice'), createUser(endpoints, 'mallory')]);
  const [expired, otherPool] = await Promise.all([expiredToken(alice.idToken), otherPoolToken(alice.idToken)]);
  Object.assign(httpAuth, {
    anonymous: { mode: 'none' },
    apiKey: { mode: 'apiKey' },
    owner: { mode: 'userPool', token: alice.idToken },
    other: { mode: 'userPool', token: mallory.idToken },
    iam: { mode: 'iam' },
    expired: { mode: 'userPool', token: expired },
    otherPool: { mode: 'userPool', token: otherPool },
    tampered: { mode: 'userPool', token: tamperedToken(mallory.idToken, alice.sub) },
  } satisfies Record<Mode, ApiAuth>);
  const seed = async (userId: string, status: 'DONE' | 'PROCESSING' | 'FAILED') =>
    String((await seedVideo(db, { userId, status, title: `matrix ${status}` })).id);
  videos.done = await seed(alice.sub, 'DONE');
  videos.processing = await seed(alice.sub, 'PROCESSING');
  videos.failed = await seed(alice.sub, 'FAILED');
  videos.malloryDone = await seed(mallory.sub, 'DONE');
  videos.malloryProcessing = await seed(mallory.sub, 'PROCESSING');
  aliceWatcher = await connect({ Authorization: alice.idToken });
  await aliceWatcher.waitFor((m) => m.type === 'connection_ack');
  aliceWatcher.subscribe('all', SUBSCRIBE, {}, { Authorization: alice.idToken }, host);
  await aliceWatcher.waitFor((m) => m.type === 'start_ack');
});

afterAll(() => {
  sockets.forEach((socket) => socket.close());
  db.destroy();
});

const userOf = (mode: Mode): TestUser | null => (mode === 'owner' ? alice : mode === 'other' ? mallory : null);

async function connect(authorization: Record<string, string>): Promise<RealtimeClient> {
  const client = await RealtimeClient.connect(endpoints, authorization);
  sockets.push(client);
  return client;
}

async function storedVideo(id: string): Promise<Record<string, unknown> | null> {
  const { Item } = await db.send(
    new GetItemCommand({ TableName: 'videos', Key: marshall({ id }), ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : null;
}

let sequence = 0;
/** Publishes a status event the way the back end does (IAM); each one with its own progress value. */
async function publishEvent(id: string, userId: string) {
  sequence += 1;
  const input = { id, userId, status: 'PROCESSING', progress: sequence % 100, updatedAt: new Date().toISOString() };
  const result = await graphql(endpoints, { mode: 'iam' }, PUBLISH, { input });
  expect(result.errors).toBeUndefined();
  return { id, userId, status: 'PROCESSING', progress: input.progress };
}

// ---------------------------------------------------------------------------------------------
// What each operation sends, and what ALLOW / HIDDEN / a refusal mean for it.

interface HttpOperation {
  kind: 'http';
  type: 'Query' | 'Mutation';
  field: string;
  /** Fresh state for one cell: mutations change what they touch. */
  prepare?: () => Promise<string>;
  send: (auth: ApiAuth, target: string) => Promise<GraphQLResult>;
  allowed: (value: any, caller: TestUser | null, target: string) => void | Promise<void>;
  hidden?: (value: any, caller: TestUser | null, target: string) => void;
  /** The message of a NOT_YOURS / NOT_FOUND refusal. */
  refusal?: (target: string) => string;
  /** After any refusal: what the operation would have changed is as it was. */
  unchanged?: (target: string) => Promise<void>;
}

interface SubscriptionOperation {
  kind: 'subscription';
  variables: () => Record<string, unknown>;
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

/** A multipart upload of alice's in progress, its one part (4 bytes) in S3. */
async function aliceMultipartUpload(): Promise<string> {
  const api = multipartApi(endpoints, alice);
  const { videoId } = dataOf<{ videoId: string }>(await api.start(4), 'startMultipartUpload');
  const [part] = dataOf<Array<{ url: string }>>(await api.sign(videoId, [1]), 'createUploadPartUrls');
  expect((await putPart(part!.url, Buffer.from('abcd'))).status).toBe(200);
  return videoId;
}

/** Alice's upload is as the refused call found it, one part in; then it goes. */
async function aliceUploadUnchanged(videoId: string): Promise<void> {
  const api = multipartApi(endpoints, alice);
  const upload = dataOf<{ uploadedParts: unknown[] }>(await api.find(videoId), 'multipartUpload');
  expect(upload.uploadedParts).toEqual([{ partNumber: 1, size: 4 }]);
  await api.abort(videoId);
}

const notYourMultipartUpload = (id: string) => `No multipart upload ${id} of yours is in progress.`;

const getVideo = (target: () => string, status: string): HttpOperation => ({
  kind: 'http',
  type: 'Query',
  field: 'getVideo',
  send: (auth) => graphql(endpoints, auth, GET, { id: target() }),
  allowed: (value) => expect(value).toEqual({ id: target(), status, title: `matrix ${status}` }),
  hidden: (value) => expect(value).toBeNull(),
});

const OPERATIONS: Record<string, HttpOperation | SubscriptionOperation> = {
  'Query.listVideos': {
    kind: 'http',
    type: 'Query',
    field: 'listVideos',
    // The feed is shared by the whole suite, newest first: page until past our seeded videos.
    send: async (auth) => {
      const first = await graphql(endpoints, auth, FEED);
      if (first.status !== 200 || first.errors) return first;
      const items: Array<{ id: string }> = [...first.data!.listVideos.items];
      let nextToken: string | null = first.data!.listVideos.nextToken;
      const oldest = videos.done < videos.malloryDone ? videos.done : videos.malloryDone;
      while (nextToken && (items.at(-1)?.id ?? oldest) >= oldest) {
        const page = await graphql(endpoints, auth, FEED, { nextToken });
        items.push(...page.data!.listVideos.items);
        nextToken = page.data!.listVideos.nextToken;
      }
      return { ...first, data: { listVideos: { items, nextToken } } };
    },
    allowed: (value) => {
      expect(ids(value.items)).toEqual(expect.arrayContaining([videos.done, videos.malloryDone]));
      expect(ids(value.items)).not.toContain(videos.processing);
      expect(ids(value.items)).not.toContain(videos.failed);
      expect(value.items.every((item: { status: string }) => item.status === 'DONE')).toBe(true);
    },
  },
  'Query.getVideo (DONE)': getVideo(() => videos.done, 'DONE'),
  'Query.getVideo (PROCESSING)': getVideo(() => videos.processing, 'PROCESSING'),
  'Query.getVideo (FAILED)': getVideo(() => videos.failed, 'FAILED'),
  'Query.listMyVideos': {
    kind: 'http',
    type: 'Query',
    field: 'listMyVideos',
    send: (auth) => graphql(endpoints, auth, MINE),
    allowed: (value) => {
      expect(ids(value.items)).toEqual(expect.arrayContaining([videos.done, videos.processing, videos.failed]));
      expect(value.items.every((item: { userId: string }) => item.userId === alice.sub)).toBe(true);
    },
    // Mallory gets her own list, in which nothing of alice's appears.
    hidden: (value) => {
      expect(ids(value.items)).toEqual(expect.arrayContaining([videos.malloryDone, videos.malloryProcessing]));
      expect(value.items.every((item: { userId: string }) => item.userId === mallory.sub)).toBe(true);
    },
  },
  'Mutation.createUploadUrl': {
    kind: 'http',
    type: 'Mutation',
    field: 'createUploadUrl',
    send: (auth) => graphql(endpoints, auth, TICKET, { input: { contentType: 'video/mp4', size: 4 } }),
    // No owner yet: anyone signed in gets a ticket, bound to themselves whatever they ask.
    allowed: (value, caller) => {
      const fields = JSON.parse(value.fields) as PostFields;
      expect(fields).toMatchObject({ key: value.videoId, 'x-amz-meta-user-id': caller!.sub });
      expect(decodePolicy(fields).conditions).toContainEqual(['eq', '$x-amz-meta-user-id', caller!.sub]);
    },
  },
  'Mutation.startMultipartUpload': {
    kind: 'http',
    type: 'Mutation',
    field: 'startMultipartUpload',
    send: (auth) => graphql(endpoints, auth, START, { input: { contentType: 'video/mp4', size: 4 } }),
    // Like a ticket: anyone signed in starts one, bound to themselves; nobody else sees it.
    allowed: async (value, caller) => {
      expect(value).toMatchObject({ size: 4, partCount: 1, uploadedParts: [] });
      const own = multipartApi(endpoints, caller!);
      expect(dataOf(await own.find(value.videoId), 'multipartUpload')).toMatchObject({ videoId: value.videoId });
      const someoneElse = multipartApi(endpoints, caller === alice ? mallory : alice);
      expect(dataOf(await someoneElse.find(value.videoId), 'multipartUpload')).toBeNull();
      await own.abort(value.videoId);
    },
  },
  'Query.multipartUpload': {
    kind: 'http',
    type: 'Query',
    field: 'multipartUpload',
    prepare: aliceMultipartUpload,
    send: (auth, videoId) => graphql(endpoints, auth, FIND, { videoId }),
    allowed: (value, _caller, videoId) =>
      expect(value).toMatchObject({ videoId, size: 4, uploadedParts: [{ partNumber: 1, size: 4 }] }),
    hidden: (value) => expect(value).toBeNull(),
  },
  'Mutation.createUploadPartUrls': {
    kind: 'http',
    type: 'Mutation',
    field: 'createUploadPartUrls',
    prepare: aliceMultipartUpload,
    send: (auth, videoId) => graphql(endpoints, auth, SIGN, { input: { videoId, partNumbers: [1] } }),
    allowed: (value) => expect(value).toEqual([expect.objectContaining({ partNumber: 1, size: 4 })]),
    refusal: notYourMultipartUpload,
    unchanged: aliceUploadUnchanged,
  },
  'Mutation.completeMultipartUpload': {
    kind: 'http',
    type: 'Mutation',
    field: 'completeMultipartUpload',
    prepare: aliceMultipartUpload,
    send: (auth, id) => graphql(endpoints, auth, COMPLETE, { input: { id, title: 'Completed' } }),
    // The client's document does not read userId: the stored video says whose it is.
    allowed: async (value, _caller, id) => {
      expect(value).toMatchObject({ id, title: 'Completed', status: 'PROCESSING' });
      expect(await storedVideo(id)).toMatchObject({ userId: alice.sub, title: 'Completed' });
    },
    refusal: notYourMultipartUpload,
    unchanged: aliceUploadUnchanged,
  },
  'Mutation.abortMultipartUpload': {
    kind: 'http',
    type: 'Mutation',
    field: 'abortMultipartUpload',
    prepare: aliceMultipartUpload,
    send: (auth, videoId) => graphql(endpoints, auth, ABORT, { videoId }),
    allowed: async (value, _caller, videoId) => {
      expect(value).toBe(videoId);
      expect(dataOf(await multipartApi(endpoints, alice).find(videoId), 'multipartUpload')).toBeNull();
    },
    refusal: notYourMultipartUpload,
    unchanged: aliceUploadUnchanged,
  },
  'Mutation.createVideo': {
    kind: 'http',
    type: 'Mutation',
    field: 'createVideo',
    // An upload of alice's the pipeline has seen but nobody registered yet (no title).
    prepare: async () => String((await seedVideo(db, { userId: alice.sub, status: 'PROCESSING', title: null })).id),
    send: (auth, id) => graphql(endpoints, auth, CREATE, { input: { id, title: 'Registered' } }),
    allowed: (value, _caller, id) =>
      expect(value).toEqual({ id, userId: alice.sub, title: 'Registered', status: 'PROCESSING' }),
    refusal: (id) => `Upload ${id} belongs to another user.`,
    unchanged: async (id) => {
      const stored = await storedVideo(id);
      expect(stored).toMatchObject({ userId: alice.sub, ownerName: 'seeded' });
      expect(stored).not.toHaveProperty('title');
    },
  },
  'Mutation.updateVideo': {
    kind: 'http',
    type: 'Mutation',
    field: 'updateVideo',
    prepare: async () => String((await seedVideo(db, { userId: alice.sub, title: 'Original' })).id),
    send: (auth, id) => graphql(endpoints, auth, UPDATE, { input: { id, title: 'Renamed' } }),
    allowed: (value, _caller, id) => expect(value).toEqual({ id, userId: alice.sub, title: 'Renamed' }),
    refusal: (id) => `No video ${id} of yours exists.`,
    unchanged: async (id) => expect(await storedVideo(id)).toMatchObject({ userId: alice.sub, title: 'Original' }),
  },
  'Mutation.deleteVideo': {
    kind: 'http',
    type: 'Mutation',
    field: 'deleteVideo',
    prepare: async () => String((await seedVideo(db, { userId: alice.sub, title: 'Keep me' })).id),
    send: (auth, id) => graphql(endpoints, auth, DELETE, { id }),
    allowed: async (value, _caller, id) => {
      expect(value).toEqual({ id, userId: alice.sub });
      expect(await storedVideo(id)).toBeNull();
    },
    refusal: (id) => `No video ${id} of yours exists.`,
    unchanged: async (id) => {
      expect(await storedVideo(id)).toMatchObject({ userId: alice.sub, title: 'Keep me' });
      await db.send(new DeleteItemCommand({ TableName: 'videos', Key: marshall({ id }) }));
    },
  },
  'Mutation.publishVideoStatus': {
    kind: 'http',
    type: 'Mutation',
    field: 'publishVideoStatus',
    // An event about alice's video, into alice's stream: only the back end may send one.
    prepare: async () => `forged-${ulid()}`,
    send: (auth, id) =>
      graphql(endpoints, auth, PUBLISH, {
        input: { id, userId: alice.sub, status: 'DONE', progress: 100, updatedAt: new Date().toISOString() },
      }),
    allowed: async (value, _caller, id) => {
      expect(value).toEqual({ id, userId: alice.sub, status: 'DONE', progress: 100 });
      await aliceWatcher.waitFor((m) => m.type === 'data' && m.payload.data.onVideoStatusChanged.id === id);
    },
    // Nothing reached alice: a marker the back end publishes after the attempt arrives, the forged event never does.
    unchanged: async (id) => {
      const marker = await publishEvent(`marker-${ulid()}`, alice.sub);
      await aliceWatcher.waitFor((m) => m.type === 'data' && m.payload.data.onVideoStatusChanged.id === marker.id);
      expect(
        aliceWatcher.messages.filter((m) => m.type === 'data' && m.payload.data.onVideoStatusChanged.id === id),
      ).toEqual([]);
    },
  },
  'Subscription.onVideoStatusChanged(id)': { kind: 'subscription', variables: () => ({ id: videos.processing }) },
  'Subscription.onVideoStatusChanged': { kind: 'subscription', variables: () => ({}) },
};

// ---------------------------------------------------------------------------------------------

async function httpCell(operation: HttpOperation, mode: Mode, expected: Outcome): Promise<void> {
  const target = operation.prepare ? await operation.prepare() : '';
  const result = await operation.send(httpAuth[mode], target);
  const value = result.data?.[operation.field] ?? null;
  switch (expected) {
    case ALLOW:
    case HIDDEN:
      expect({ status: result.status, errors: result.errors }).toEqual({ status: 200, errors: undefined });
      if (expected === ALLOW) await operation.allowed(value, userOf(mode), target);
      else operation.hidden!(value, userOf(mode), target);
      return;
    case REFUSED:
      expect(result.status).toBe(401);
      expect(result.errors).toEqual([expect.objectContaining({ errorType: 'UnauthorizedException' })]);
      if (mode === 'expired') expect(result.errors?.[0]?.message).toBe('Token has expired.');
      expect(result.data).toBeUndefined();
      break;
    case DENIED:
      expect(result.status).toBe(200);
      expect(result.errors).toEqual([
        expect.objectContaining({
          errorType: 'Unauthorized',
          message: `Not Authorized to access ${operation.field} on type ${operation.type}`,
          path: [operation.field],
        }),
      ]);
      expect(value).toBeNull();
      break;
    case NOT_YOURS:
    case NOT_FOUND:
      expect(result.status).toBe(200);
      expect(result.errors).toEqual([
        expect.objectContaining({
          errorType: expected === NOT_FOUND ? 'NotFound' : 'Unauthorized',
          message: operation.refusal!(target),
          path: [operation.field],
        }),
      ]);
      expect(value).toBeNull();
      break;
  }
  await operation.unchanged?.(target);
}

/** The real-time client's authorization object for a mode: at the handshake (body `{}`) or for a start. */
async function realtimeAuthorization(mode: Mode, body: string): Promise<Record<string, string>> {
  const auth = httpAuth[mode];
  if (auth.mode === 'apiKey') return { host, 'x-api-key': endpoints.apiKey };
  if (auth.mode === 'userPool') return { host, Authorization: auth.token };
  if (auth.mode === 'iam') return iamRealtimeAuthorization(endpoints, body);
  return { host };
}

async function start(
  client: RealtimeClient,
  mode: Mode,
  id: string,
  variables: Record<string, unknown>,
): Promise<RealtimeMessage> {
  const data = JSON.stringify({ query: SUBSCRIBE, variables });
  client.send({
    id,
    type: 'start',
    payload: { data, extensions: { authorization: await realtimeAuthorization(mode, data) } },
  });
  return client.waitFor((m) => m.id === id && (m.type === 'start_ack' || m.type === 'error'));
}

async function subscriptionCell(operation: SubscriptionOperation, mode: Mode, expected: Outcome): Promise<void> {
  const client = await connect(await realtimeAuthorization(mode, '{}'));
  try {
    const opened = await client.waitFor((m) => m.type === 'connection_ack' || m.type === 'connection_error');
    if (expected === REFUSED) {
      expect(opened.type).toBe('connection_error');
      expect(opened.payload.errors).toEqual([expect.objectContaining({ errorType: 'UnauthorizedException' })]);
      if (mode === 'expired') expect(opened.payload.errors[0].message).toBe('Token has expired.');
      return;
    }
    expect(opened.type).toBe('connection_ack');
    const reply = await start(client, mode, 'probe', operation.variables());
    if (expected === DENIED) {
      expect(reply).toEqual({
        id: 'probe',
        type: 'error',
        payload: {
          errors: [
            expect.objectContaining({
              errorType: 'Unauthorized',
              message: 'Not Authorized to access onVideoStatusChanged on type Subscription',
            }),
          ],
        },
      });
      return;
    }
    expect(reply.type).toBe('start_ack');
    if (expected === ALLOW) {
      const event = await publishEvent(videos.processing, alice.sub);
      const data = await client.waitFor((m) => m.type === 'data' && m.id === 'probe');
      expect(data.payload).toEqual({ data: { onVideoStatusChanged: event } });
      return;
    }
    // HIDDEN: the caller's own events reach this socket (a control subscription), alice's never do.
    // The control event is published after alice's, so once it is in, alice's would be too.
    const caller = userOf(mode)!;
    expect((await start(client, mode, 'control', {})).type).toBe('start_ack');
    await publishEvent(videos.processing, alice.sub);
    const own = await publishEvent(videos.malloryProcessing, caller.sub);
    await client.waitFor(
      (m) => m.type === 'data' && m.id === 'control' && m.payload.data.onVideoStatusChanged.progress === own.progress,
    );
    const delivered = client.messages.filter((m) => m.type === 'data').map((m) => m.payload.data.onVideoStatusChanged);
    expect(delivered.filter((event) => event.userId !== caller.sub || event.id === videos.processing)).toEqual([]);
  } finally {
    client.close();
  }
}

const CELLS = MATRIX.flatMap(([operation, ...outcomes]) =>
  outcomes.map((expected, i) => [operation, MODES[i], expected] as [string, Mode, Outcome]),
);

describe('the authorization matrix', () => {
  test('covers every query, mutation and subscription of the schema', () => {
    const schema = loadSchema();
    const fields = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!].flatMap((type) =>
      Object.keys(type.getFields()).map((field) => `${type.name}.${field}`),
    );
    const covered = new Set(MATRIX.map(([operation]) => operation.replace(/[ (].*$/, '')));
    expect(fields.filter((field) => !covered.has(field))).toEqual([]);
    expect(Object.keys(OPERATIONS).sort()).toEqual(MATRIX.map(([operation]) => operation).sort());
  });

  test.each(CELLS)('%s as %s: %s', async (name, mode, expected) => {
    const operation = OPERATIONS[name];
    if (!operation) throw new Error(`MATRIX names ${name}, which OPERATIONS does not describe.`);
    if (operation.kind === 'http') await httpCell(operation, mode, expected);
    else await subscriptionCell(operation, mode, expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Presigned POSTs: the ticket createUploadUrl gives is enforced by S3 itself. Each attempt below
// is refused with S3's own error code, and nothing is stored under any key it names.

describe('upload tickets (presigned POST) refuse what they were not issued for', () => {
  const s3 = new S3Client({
    endpoint: endpoints.s3Endpoint,
    region: endpoints.region,
    forcePathStyle: true,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
  afterAll(() => s3.destroy());

  interface Ticket {
    videoId: string;
    url: string;
    fields: PostFields;
    expiresAt: string;
  }

  async function ticket(user: TestUser): Promise<Ticket> {
    const result = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
      input: { contentType: 'video/mp4', size: 4 },
    });
    expect(result.errors).toBeUndefined();
    const issued = result.data!.createUploadUrl;
    return { ...issued, fields: JSON.parse(issued.fields) as PostFields };
  }

  async function stored(key: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  const quoted = (items: unknown[]) => `[${items.map((item) => `&quot;${String(item)}&quot;`).join(', ')}]`;

  // [what mallory tries, the attempt (her ticket, alice's ticket) -> the keys it could have written, status, S3 code, message]
  const ATTEMPTS: Array<
    [
      string,
      (own: Ticket, victim: Ticket) => Promise<{ response: { status: number; body: string }; keys: string[] }>,
      number,
      string,
      (own: Ticket, victim: Ticket) => string,
    ]
  > = [
    [
      "her ticket after its expiry (its policy, expiration past, signed with the uploads role's key)",
      async (own) => {
        // The policy expires when the ticket says (to within the Lambda's signing time; the
        // policy's expiration is in whole seconds), and is presented after that moment.
        expect(Math.abs(Date.parse(decodePolicy(own.fields).expiration) - Date.parse(own.expiresAt))).toBeLessThan(
          10_000,
        );
        // The uploads Lambda signs tickets with its role's key pair: only a holder of that secret could re-sign one.
        const uploadsRole = endpoints.roles.uploads;
        if (!uploadsRole) throw new Error('endpoints.json holds no key pair for the uploads role.');
        const expired = resignPolicy(own.fields, uploadsRole.secretAccessKey, (policy) => ({
          ...policy,
          expiration: new Date(Date.now() - 1000).toISOString(),
        }));
        return { response: await postForm(own.url, expired), keys: [own.videoId] };
      },
      403,
      'AccessDenied',
      () => '<Message>Invalid according to Policy: Policy expired.</Message>',
    ],
    [
      "her ticket, once used, reused for another key (another user's pending upload)",
      async (own, victim) => {
        expect((await postForm(own.url, own.fields)).status).toBe(204);
        return {
          response: await postForm(own.url, { ...own.fields, key: victim.videoId }, Buffer.from('evil')),
          keys: [victim.videoId],
        };
      },
      403,
      'AccessDenied',
      (own) => `Invalid according to Policy: Policy Condition failed: ${quoted(['eq', '$key', own.videoId])}`,
    ],
    [
      'her ticket with x-amz-meta-user-id changed to alice',
      async (own) => ({
        response: await postForm(own.url, { ...own.fields, 'x-amz-meta-user-id': alice.sub }),
        keys: [own.videoId],
      }),
      403,
      'AccessDenied',
      () =>
        `Invalid according to Policy: Policy Condition failed: ${quoted(['eq', '$x-amz-meta-user-id', mallory.sub])}`,
    ],
    [
      'her ticket with the owner changed in the field and in the policy (signature kept)',
      async (own) => {
        const policy = decodePolicy(own.fields);
        policy.conditions = policy.conditions.map((c) =>
          Array.isArray(c) && c[1] === '$x-amz-meta-user-id' ? ['eq', '$x-amz-meta-user-id', alice.sub] : c,
        );
        const fields = {
          ...own.fields,
          'x-amz-meta-user-id': alice.sub,
          Policy: Buffer.from(JSON.stringify(policy)).toString('base64'),
        };
        return { response: await postForm(own.url, fields), keys: [own.videoId] };
      },
      403,
      'SignatureDoesNotMatch',
      () => '<Message>The request signature we calculated does not match the signature you provided.',
    ],
  ];

  // The victim is a user of their own: alice's seeded PROCESSING videos above are more than the
  // videos one user may have processing at once, and the limit refuses her a ticket.
  let victimUser: TestUser;
  beforeAll(async () => {
    victimUser = await createUser(endpoints, 'victim');
  });

  test.each(ATTEMPTS)('refuses %s, storing nothing', async (_name, attempt, status, code, message) => {
    const [own, victim] = await Promise.all([ticket(mallory), ticket(victimUser)]);
    const { response, keys } = await attempt(own, victim);
    expect({ status: response.status, code: errorCode(response.body) }).toEqual({ status, code });
    expect(response.body).toContain(message(own, victim));
    for (const key of keys) expect(await stored(key)).toBe(false);
  });
});
