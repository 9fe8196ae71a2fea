import type { Endpoints } from '../../local/endpoints';
import { graphql } from './graphql-client';
import type { GraphQLResult } from './graphql-client';
import type { TestUser } from './users';

// The multipart upload operations of the public API, as a client calls them, and the part PUTs a
// browser makes to the presigned URLs (nothing but the body: fetch sets Content-Length).

const UPLOAD_FIELDS =
  'videoId contentType size partSize partCount uploadedParts { partNumber size } expiresAt maxBytes';
export const START = `mutation S($input: StartMultipartUploadInput!) { startMultipartUpload(input: $input) { ${UPLOAD_FIELDS} } }`;
export const SIGN =
  'mutation P($input: CreateUploadPartUrlsInput!) { createUploadPartUrls(input: $input) { partNumber url size expiresAt } }';
export const FIND = `query L($videoId: ID!) { multipartUpload(videoId: $videoId) { ${UPLOAD_FIELDS} } }`;
export const COMPLETE =
  'mutation C($input: CreateVideoInput!) { completeMultipartUpload(input: $input) { id userId title status } }';
export const ABORT = 'mutation A($videoId: ID!) { abortMultipartUpload(videoId: $videoId) }';

export interface MultipartUploadView {
  videoId: string;
  contentType: string;
  size: number;
  partSize: number;
  partCount: number;
  uploadedParts: Array<{ partNumber: number; size: number }>;
  expiresAt: string;
  maxBytes: number;
}

export interface PartUrl {
  partNumber: number;
  url: string;
  size: number;
  expiresAt: string;
}

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
