import type { Endpoints } from '../../local/endpoints';
import { ABORT, COMPLETE, FIND, SIGN, START } from '../../scripts/lib/multipart-api';
import { graphql } from './graphql-client';
import type { GraphQLResult } from './graphql-client';
import type { TestUser } from './users';

// The multipart upload operations of the public API, as the web client calls them (its own
// documents, client/src/graphql/, as the CLI sends them), answered whole for a test to read the
// errors too; and the part PUTs a browser makes to the presigned URLs (nothing but the body:
// fetch sets Content-Length).

export { ABORT, COMPLETE, FIND, SIGN, START };
export type { MultipartUploadState as MultipartUploadView, PartUrl } from '../../scripts/lib/multipart-api';

/** The caller's GraphQL requests for one user, answered whole (errors included). */
export function multipartApi(endpoints: Endpoints, user: TestUser) {
  const auth = { mode: 'userPool', token: user.idToken } as const;
  return {
    start: (size: number, contentType = 'video/mp4'): Promise<GraphQLResult> =>
      graphql(endpoints, auth, START, { input: { contentType, size } }),
    sign: (videoId: string, partNumbers: number[]): Promise<GraphQLResult> =>
      graphql(endpoints, auth, SIGN, { input: { videoId, partNumbers } }),
    find: (videoId: string): Promise<GraphQLResult> => graphql(endpoints, auth, FIND, { videoId }),
    complete: (id: string, title: string): Promise<GraphQLResult> =>
      graphql(endpoints, auth, COMPLETE, { input: { id, title } }),
    abort: (videoId: string): Promise<GraphQLResult> => graphql(endpoints, auth, ABORT, { videoId }),
  };
}

/** The value of a request that must succeed. */
export function dataOf<T>(result: GraphQLResult, field: string): T {
  if (result.errors) throw new Error(`${field} failed: ${JSON.stringify(result.errors)}`);
  return result.data![field] as T;
}

/** A browser's PUT of a part's bytes to its URL: S3's status, ETag and error code. */
export async function putPart(
  url: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; etag: string | null; code: string | undefined }> {
  const response = await fetch(url, { method: 'PUT', body, headers });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
  };
}
