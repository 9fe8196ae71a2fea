import { describe, expect, test } from '@jest/globals';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { describeError } from '../../client/src/errors/describe-error';
import { UploadError } from '../../client/src/upload/errors';

function graphQLErrors(errors: Array<{ errorType?: string; message: string }>) {
  return new CombinedGraphQLErrors({ data: null, errors });
}

function serverError(status: number, body: string) {
  return new ServerError('Response not successful', { response: new Response(body, { status }), bodyText: body });
}

describe('describeError', () => {
  test("our resolvers' messages are shown as they are, as sentences", () => {
    expect(
      describeError(graphQLErrors([{ errorType: 'ValidationError', message: 'The title must not be empty' }])),
    ).toEqual({ message: 'The title must not be empty.', sessionRejected: false });
    expect(
      describeError(
        graphQLErrors([
          { errorType: 'NotFound', message: 'No video 01X.' },
          { errorType: 'NotFound', message: 'No video 01X.' },
        ]),
      ).message,
    ).toBe('No video 01X.');
  });

  test('an Unauthorized answer rejects the session; an expired token says so', () => {
    expect(
      describeError(
        graphQLErrors([{ errorType: 'Unauthorized', message: 'Not Authorized to access listMyVideos on type Query' }]),
      ),
    ).toEqual({ message: 'You are not signed in, or not allowed to do that.', sessionRejected: true });
    expect(
      describeError(
        serverError(
          401,
          JSON.stringify({ errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] }),
        ),
      ),
    ).toEqual({ message: 'Your session has expired; sign in again.', sessionRejected: true });
  });

  test('HTTP failures without a GraphQL body become sentences, never JSON', () => {
    expect(describeError(serverError(502, '<html>Bad gateway</html>'))).toEqual({
      message: 'The service had a problem; try again in a moment.',
      sessionRejected: false,
    });
    expect(describeError(serverError(403, ''))).toEqual({
      message: 'You are not signed in, or not allowed to do that.',
      sessionRejected: true,
    });
    expect(describeError(new TypeError('Failed to fetch')).message).toBe(
      'The service could not be reached: check your connection.',
    );
  });

  test('upload errors keep their own sentence; anything else gets a generic one', () => {
    expect(describeError(new UploadError('The file is larger than the upload allows.')).message).toBe(
      'The file is larger than the upload allows.',
    );
    expect(describeError({ weird: true }).message).toBe('Something went wrong; try again.');
  });
});
