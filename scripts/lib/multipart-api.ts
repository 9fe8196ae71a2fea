import type { MultipartUpload, UploadPartUrl, UploadedPart, Video } from '../../generated/graphql';

// The multipart upload operations of the public API, as the demo CLI and bench:upload call them.

/** One GraphQL call as the signed-in user (scripts/lib/graphql-request.ts, bound to an endpoint and token). */
export type Api = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

const UPLOAD_FIELDS =
  'videoId contentType size partSize partCount uploadedParts { partNumber size } expiresAt maxBytes';
const START = `mutation Start($input: StartMultipartUploadInput!) { startMultipartUpload(input: $input) { ${UPLOAD_FIELDS} } }`;
const FIND = `query Find($videoId: ID!) { multipartUpload(videoId: $videoId) { ${UPLOAD_FIELDS} } }`;
const SIGN =
  'mutation Sign($input: CreateUploadPartUrlsInput!) { createUploadPartUrls(input: $input) { partNumber url size expiresAt } }';
const COMPLETE =
  'mutation Complete($input: CreateVideoInput!) { completeMultipartUpload(input: $input) { id status } }';
const ABORT = 'mutation Abort($videoId: ID!) { abortMultipartUpload(videoId: $videoId) }';

/** createUploadPartUrls signs at most this many parts per call. */
export const MAX_PART_URLS_PER_CALL = 100;

export type MultipartUploadState = Omit<MultipartUpload, '__typename' | 'uploadedParts'> & {
  uploadedParts: Array<Omit<UploadedPart, '__typename'>>;
};
export type PartUrl = Omit<UploadPartUrl, '__typename'>;

export async function startMultipartUpload(
  api: Api,
  input: { contentType: string; size: number },
): Promise<MultipartUploadState> {
  return (await api<{ startMultipartUpload: MultipartUploadState }>(START, { input })).startMultipartUpload;
}

/** The caller's upload while it is in progress, with the parts S3 holds; null once it is gone. */
export async function findMultipartUpload(api: Api, videoId: string): Promise<MultipartUploadState | null> {
  return (await api<{ multipartUpload: MultipartUploadState | null }>(FIND, { videoId })).multipartUpload;
}

export async function createUploadPartUrls(api: Api, videoId: string, partNumbers: number[]): Promise<PartUrl[]> {
  return (await api<{ createUploadPartUrls: PartUrl[] }>(SIGN, { input: { videoId, partNumbers } }))
    .createUploadPartUrls;
}

export async function completeMultipartUpload(
  api: Api,
  input: { id: string; title: string; description?: string },
): Promise<Pick<Video, 'id' | 'status'>> {
  return (await api<{ completeMultipartUpload: Pick<Video, 'id' | 'status'> }>(COMPLETE, { input }))
    .completeMultipartUpload;
}

export async function abortMultipartUpload(api: Api, videoId: string): Promise<void> {
  await api(ABORT, { videoId });
}
