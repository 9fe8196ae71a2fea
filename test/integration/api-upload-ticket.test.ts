import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { decodePolicy } from '../support/post-forms';
import { createUser } from '../support/users';

const TICKET =
  'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields expiresAt maxBytes } }';

describe('createUploadUrl (the uploads Lambda data source)', () => {
  const endpoints = testEndpoints();

  test('a signed-in user gets a POST policy bound to a new id, to them, to video/* and to the size limit', async () => {
    const user = await createUser(endpoints, 'uploader');
    const result = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
      input: { contentType: 'video/mp4', size: 1234 },
    });
    expect(result.errors).toBeUndefined();
    const ticket = result.data!.createUploadUrl;
    expect(ticket.videoId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ticket.maxBytes).toBe(100_000_000);
    expect(Date.parse(ticket.expiresAt)).toBeGreaterThan(Date.now());
    const fields = JSON.parse(ticket.fields) as Record<string, string>;
    expect(fields).toMatchObject({ key: ticket.videoId, 'Content-Type': 'video/mp4', 'x-amz-meta-user-id': user.sub });
    const policy = decodePolicy(fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$key', ticket.videoId],
        ['eq', '$x-amz-meta-user-id', user.sub],
        ['starts-with', '$Content-Type', 'video/'],
        ['content-length-range', 1, 100_000_000],
      ]),
    );
  });

  test('bad input is a ValidationError in words; the API key is not a user', async () => {
    const user = await createUser(endpoints, 'uploader');
    const notVideo = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
      input: { contentType: 'text/plain', size: 10 },
    });
    expect(notVideo.errors?.[0]).toMatchObject({
      errorType: 'ValidationError',
      message: 'Only video files can be uploaded; "text/plain" is not a video type.',
    });
    const tooBig = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
      input: { contentType: 'video/mp4', size: 200_000_000 },
    });
    expect(tooBig.errors?.[0]).toMatchObject({
      errorType: 'ValidationError',
      message: 'The file is 200.0 MB; the limit is 100.0 MB.',
    });
    const anonymous = await graphql(endpoints, { mode: 'apiKey' }, TICKET, {
      input: { contentType: 'video/mp4', size: 10 },
    });
    expect(anonymous.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  });
});
