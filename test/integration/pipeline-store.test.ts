// The DynamoDB adapters of issue 14's limits against the local DynamoDB, with the table of
// terraform/videos-table.json: the usage counter's atomic bounded addition, the count of an
// owner's PROCESSING videos across pages, the accepted upload's write and the watchdog's delete of
// an upload never registered.
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DynamoDbOwnerVideos } from '../../functions/lib/adapters/dynamodb-owner-videos';
import { DynamoDbUsageCounter } from '../../functions/lib/adapters/dynamodb-usage-counter';
import { DynamoDbVideoStore } from '../../functions/lib/adapters/dynamodb-video-store';
import { deleteUnregisteredVideo } from '../../functions/lib/adapters/overdue-videos';
import { startLocalTables } from '../support/local-tables';
import type { LocalTables } from '../support/local-tables';

const TABLE = 'videos';
let tables: LocalTables;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  tables = await startLocalTables('store');
  documents = DynamoDBDocumentClient.from(tables.client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(() => tables.close());

const read = async (id: string) =>
  (await documents.send(new GetCommand({ TableName: TABLE, Key: { id }, ConsistentRead: true }))).Item;

describe('DynamoDbUsageCounter', () => {
  const counter = () => new DynamoDbUsageCounter(documents, TABLE);

  test('adds up to the limit and refuses the addition that would pass it, whole; the item carries only counter fields', async () => {
    const key = `usage#upload-tickets#${ulid()}#2026-12-02T10:15`;
    const add = (amount: number) => counter().add({ key, amount, limit: 10, expiresAtEpochSeconds: 1_780_000_000 });
    expect(await add(4)).toEqual({ counted: true, total: 4 });
    expect(await add(6)).toEqual({ counted: true, total: 10 });
    expect(await add(1)).toEqual({ counted: false, total: 10 });
    // An amount above the limit on its own is refused without a write.
    expect(await counter().add({ key, amount: 11, limit: 10, expiresAtEpochSeconds: 1 })).toEqual({
      counted: false,
      total: 10,
    });
    expect(await read(key)).toEqual({ id: key, used: 10, expiresAt: 1_780_000_000 });
  });

  test('at once, 25 additions of 1 against a limit of 10: exactly 10 counted', async () => {
    const key = `usage#upload-tickets#${ulid()}#2026-12-02T10:16`;
    const results = await Promise.all(
      Array.from({ length: 25 }, () => counter().add({ key, amount: 1, limit: 10, expiresAtEpochSeconds: 1 })),
    );
    expect(results.filter((result) => result.counted)).toHaveLength(10);
    expect((await read(key))?.used).toBe(10);
  });

  test('a request id counts once, even when it comes back after the limit was reached', async () => {
    const key = `usage#output-minutes#${ulid()}#2026-12-02`;
    const add = (requestId: string, amount: number) =>
      counter().add({ key, amount, limit: 10, expiresAtEpochSeconds: 1, requestId });
    expect(await add('video-a', 6)).toEqual({ counted: true, total: 6 });
    expect(await add('video-a', 6)).toEqual({ counted: true, total: 6 });
    expect(await add('video-b', 4)).toEqual({ counted: true, total: 10 });
    expect(await add('video-c', 1)).toEqual({ counted: false, total: 10 });
    expect(await add('video-a', 6)).toEqual({ counted: true, total: 10 });
  });
});

describe('DynamoDbOwnerVideos', () => {
  test("counts the owner's PROCESSING videos only, across pages of the byOwner index", async () => {
    const owner = `owner-${ulid()}`;
    // Each record is ~300 KB, so the 1 MB a Query page may read holds three: the filter applies per page.
    const padding = 'x'.repeat(300_000);
    const statuses = ['PROCESSING', 'DONE', 'PROCESSING', 'FAILED', 'PROCESSING', 'PROCESSING', 'DONE'];
    for (const status of statuses)
      await documents.send(
        new PutCommand({ TableName: TABLE, Item: { id: ulid(), userId: owner, status, description: padding } }),
      );
    await documents.send(
      new PutCommand({ TableName: TABLE, Item: { id: ulid(), userId: 'someone-else', status: 'PROCESSING' } }),
    );
    expect(await new DynamoDbOwnerVideos(documents, TABLE).countProcessing(owner)).toBe(4);
    expect(await new DynamoDbOwnerVideos(documents, TABLE).countProcessing(`nobody-${ulid()}`)).toBe(0);
  });
});

describe('the accepted upload and the unregistered delete', () => {
  const store = () => new DynamoDbVideoStore(documents, TABLE, () => '2026-12-02T10:00:00.000Z');
  const source = { eTag: 'e1', width: 320, height: 240, rotation: 0, hasAudio: false, durationSeconds: 2 };

  test("acceptUpload stores the facts and the deadline on the owner's PROCESSING record, returning it whole (title included)", async () => {
    const id = ulid();
    expect(
      await store().createProcessingRecord({ videoId: id, userId: 'ann', deadlineAt: '2026-12-02T10:15:00.000Z' }),
    ).toBe(true);
    await documents.send(
      new PutCommand({ TableName: TABLE, Item: { ...(await read(id)), title: 'Registered meanwhile' } }),
    );
    expect(
      await store().acceptUpload(id, { userId: 'bob', source, deadlineAt: '2026-12-02T10:30:00.000Z' }),
    ).toBeUndefined();
    const accepted = await store().acceptUpload(id, { userId: 'ann', source, deadlineAt: '2026-12-02T10:30:00.000Z' });
    expect(accepted).toMatchObject({
      id,
      userId: 'ann',
      title: 'Registered meanwhile',
      status: 'PROCESSING',
      acceptedSource: source,
      deadlineAt: '2026-12-02T10:30:00.000Z',
    });
    // Accepted: a later event's createProcessingRecord finds the ticket used.
    expect(await store().createProcessingRecord({ videoId: id, userId: 'ann', deadlineAt: 'x' })).toBe(false);
    expect(await store().recordJobId(id, 'job-1')).toBe(true);
    expect(await store().acceptUpload(id, { userId: 'ann', source, deadlineAt: 'y' })).toBeUndefined();
  });

  test('deleteUnregisteredVideo deletes only a PROCESSING record without title or job whose deadline passed', async () => {
    const now = '2026-12-02T11:00:00.000Z';
    const put = async (fields: Record<string, unknown>) => {
      const id = ulid();
      await documents.send(
        new PutCommand({
          TableName: TABLE,
          Item: { id, userId: 'ann', status: 'PROCESSING', deadlineAt: '2026-12-02T10:30:00.000Z', ...fields },
        }),
      );
      return id;
    };
    const abandoned = await put({ acceptedSource: source });
    const kept = [
      await put({ title: 'Registered' }),
      await put({ jobId: 'job-1' }),
      await put({ deadlineAt: '2026-12-02T11:30:00.000Z' }),
      await put({ status: 'FAILED' }),
    ];
    expect(await deleteUnregisteredVideo(documents, TABLE, abandoned, now)).toMatchObject({ id: abandoned });
    expect(await read(abandoned)).toBeUndefined();
    for (const id of kept) {
      expect(await deleteUnregisteredVideo(documents, TABLE, id, now)).toBeUndefined();
      expect(await read(id)).toBeDefined();
    }
  });
});
