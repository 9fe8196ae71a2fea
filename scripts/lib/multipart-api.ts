import { print } from 'graphql';
import {
  AbortMultipartUploadDocument,
  CompleteMultipartUploadDocument,
  CreateUploadPartUrlsDocument,
  MultipartUploadDocument,
  StartMultipartUploadDocument,
} from '../../generated/client-operations';
import type {
  AbortMultipartUploadMutation,
  CompleteMultipartUploadMutation,
  CreateUploadPartUrlsMutation,
  MultipartUploadFieldsFragment,
  MultipartUploadQuery,
  StartMultipartUploadMutation,
} from '../../generated/client-operations';

// The multipart upload operations of the public API, as the demo CLI and bench:upload call them:
// the web client's own documents (client/src/graphql/), so a schema change reaches them all.

/** One GraphQL call as the signed-in user (scripts/lib/graphql-request.ts, bound to an endpoint and token). */
export type Api = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

// The operations' text, as sent (test/support/multipart-uploads.ts sends them too).
export const START = print(StartMultipartUploadDocument);
export const FIND = print(MultipartUploadDocument);
export const SIGN = print(CreateUploadPartUrlsDocument);
export const COMPLETE = print(CompleteMultipartUploadDocument);
export const ABORT = print(AbortMultipartUploadDocument);

/** createUploadPartUrls signs at most this many parts per call. */
export const MAX_PART_URLS_PER_CALL = 100;

export type MultipartUploadState = MultipartUploadFieldsFragment;
export type PartUrl = CreateUploadPartUrlsMutation['createUploadPartUrls'][number];
export type CompletedVideo = CompleteMultipartUploadMutation['completeMultipartUpload'];

export async function startMultipartUpload(
  api: Api,
  input: { contentType: string; size: number },
): Promise<MultipartUploadState> {
  return (await api<StartMultipartUploadMutation>(START, { input })).startMultipartUpload;
}

/** The caller's upload while it is in progress, with the parts S3 holds; null once it is gone. */
export async function findMultipartUpload(api: Api, videoId: string): Promise<MultipartUploadState | null> {
  return (await api<MultipartUploadQuery>(FIND, { videoId })).multipartUpload;
}

export async function createUploadPartUrls(api: Api, videoId: string, partNumbers: number[]): Promise<PartUrl[]> {
  return (await api<CreateUploadPartUrlsMutation>(SIGN, { input: { videoId, partNumbers } })).createUploadPartUrls;
}

export async function completeMultipartUpload(
  api: Api,
  input: { id: string; title: string; description?: string },
): Promise<CompletedVideo> {
  return (await api<CompleteMultipartUploadMutation>(COMPLETE, { input })).completeMultipartUpload;
}

export async function abortMultipartUpload(api: Api, videoId: string): Promise<void> {
  await api<AbortMultipartUploadMutation>(ABORT, { videoId });
}
