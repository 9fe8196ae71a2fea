import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

const TICKET = 'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields } }';
const CREATE =
  'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id userId ownerName title description status progress } }';
const DELETE = 'mutation D($id: ID!) { deleteVideo(id: $id) { id title } }';
const GET = 'query G($id: ID!) { getVideo(id: $id) { id status } }';

describe('createVideo and deleteVideo through the API, with the local S3', () => {
  const endpoints = testEndpoints();
  const s3 = new S3Client({
    endpoint: endpoints.s3Endpoint,
    region: endpoints.region,
    forcePathStyle: true,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
  let ann: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [ann, bob] = await Promise.all([createUser(endpoints, 'ann'), createUser(endpoints, 'bob')]);
  });
  afterAll(() => s3.destroy());

  /** What a browser does: a ticket from the API, then the file POSTed to S3 with its fields. */
  async function upload(user: TestUser): Promise<string> {
    const ticket = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
      input: { contentType: 'video/mp4', size: 4 },
    });
    const { videoId, url, fields } = ticket.data!.createUploadUrl as { videoId: string; url: string; fields: string };
    const form = new FormData();
    for (const [name, value] of Object.entries(JSON.parse(fields) as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob(['fake'], { type: 'video/mp4' }), 'clip.mp4');
    const response = await fetch(url, { method: 'POST', body: form });
    expect(response.status).toBe(204);
    return videoId;
  }

  test('the uploader registers the upload: theirs, under their display name, in the state the pipeline left it', async () => {
    const id = await upload(ann);
    const created = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, {
      input: { id, title: ' First light ', description: 'Dawn 🌅' },
    });
    expect(created.errors).toBeUndefined();
    // The pipeline is racing us on this upload (its four bytes are no video): the registration
    // keeps whatever state it reached, PROCESSING or already FAILED.
    const { status, ...registered } = created.data!.createVideo as { status: string };
    expect(registered).toEqual({
      id,
      userId: ann.sub,
      ownerName: 'ann',
      title: 'First light',
      description: 'Dawn 🌅',
      progress: 0,
    });
    expect(['PROCESSING', 'FAILED']).toContain(status);
    const again = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, {
      input: { id, title: 'Twice' },
    });
    expect(again.errors?.[0]).toMatchObject({
      errorType: 'ConflictError',
      message: `Video ${id} is already registered.`,
    });
  });

  test("someone else cannot register another user's upload; a missing upload is NotFound; bad titles fail before S3 is asked", async () => {
    const id = await upload(ann);
    const stolen = await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, CREATE, {
      input: { id, title: 'Mine' },
    });
    expect(stolen.errors?.[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: `Upload ${id} belongs to another user.`,
    });
    const missing = await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, CREATE, {
      input: { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', title: 'Ghost' },
    });
    expect(missing.errors?.[0]).toMatchObject({ errorType: 'NotFound' });
    const blank = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, {
      input: { id, title: '' },
    });
    expect(blank.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: 'Title must not be empty.' });
  });

  test('deleteVideo removes the record and every playback file of the video, and only for its owner', async () => {
    const id = await upload(ann);
    await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, CREATE, { input: { id, title: 'To delete' } });
    for (const key of [`${id}/hls/index.m3u8`, `${id}/hls/index_720p.m3u8`, `${id}/thumbnail/poster.0000000.jpg`]) {
      await s3.send(new PutObjectCommand({ Bucket: endpoints.playbackBucket, Key: key, Body: 'x' }));
    }
    await s3.send(
      new PutObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${id}x/keep.txt`, Body: 'other video' }),
    );
    expect(
      (await graphql(endpoints, { mode: 'userPool', token: bob.idToken }, DELETE, { id })).errors?.[0],
    ).toMatchObject({ errorType: 'NotFound' });
    const deleted = await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, DELETE, { id });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleteVideo).toEqual({ id, title: 'To delete' });
    expect((await graphql(endpoints, { mode: 'userPool', token: ann.idToken }, GET, { id })).data!.getVideo).toBeNull();
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${id}/hls/index.m3u8` })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(
      await (
        await s3.send(new GetObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${id}x/keep.txt` }))
      ).Body!.transformToString(),
    ).toBe('other video');
  });
});
