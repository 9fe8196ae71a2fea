import type { ApolloClient } from '@apollo/client';
import { ServerError } from '@apollo/client/errors';
import {
  AbortMultipartUploadDocument,
  CompleteMultipartUploadDocument,
  CreateUploadPartUrlsDocument,
  CreateUploadUrlDocument,
  CreateVideoDocument,
  MultipartUploadDocument,
  MyVideosDocument,
  StartMultipartUploadDocument,
} from '../../../generated/client-operations';
import type { CreateVideoInput } from '../../../generated/client-operations';
import { describeError, hasErrorType } from '../errors/describe-error';
import { UploadError, UploadGoneError } from './errors';
import { postUpload } from './post-upload';
import { putPart } from './put-part';
import type { UploadApi, VideoInput } from './upload-api';

/**
 * The API's failures as upload errors: one it answered is final (a part queue would only repeat
 * it), no answer or a server's trouble may pass. NotFound about the multipart upload means it is
 * over (aborted, expired).
 */
function asUploadError(error: unknown): unknown {
  if (error instanceof UploadError) return error;
  if (hasErrorType(error, 'NotFound')) return new UploadGoneError();
  const { message } = describeError(error);
  const retryable = error instanceof TypeError || (ServerError.is(error) && error.statusCode >= 500);
  return new UploadError(message, { retryable });
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw asUploadError(error);
  }
}

function answered<T>(data: T | null | undefined): T {
  if (data == null) throw new UploadError('The service sent no answer; try again.', { retryable: true });
  return data;
}

/** Uploads through the app's GraphQL client and S3's presigned URLs. */
export function createApolloUploadApi(client: ApolloClient): UploadApi {
  // Registered once My videos has read its list again, so the new video is in it when the page shows it.
  const register = (mutation: typeof CreateVideoDocument | typeof CompleteMultipartUploadDocument, input: VideoInput) =>
    call(async () => {
      await client.mutate<unknown, { input: CreateVideoInput }>({
        mutation,
        variables: { input: { ...input, description: input.description || null } },
        refetchQueries: [MyVideosDocument],
        awaitRefetchQueries: true,
      });
    });
  return {
    createUploadTicket: (input) =>
      call(async () => {
        const result = await client.mutate({ mutation: CreateUploadUrlDocument, variables: { input } });
        const ticket = answered(result.data?.createUploadUrl);
        return { ...ticket, fields: JSON.parse(ticket.fields) as Record<string, string> };
      }),
    postFile: postUpload,
    registerVideo: (input) => register(CreateVideoDocument, input),
    startMultipartUpload: (input) =>
      call(async () => {
        const result = await client.mutate({ mutation: StartMultipartUploadDocument, variables: { input } });
        return answered(result.data?.startMultipartUpload);
      }),
    findMultipartUpload: (videoId) =>
      call(async () => {
        const result = await client.query({
          query: MultipartUploadDocument,
          variables: { videoId },
          fetchPolicy: 'no-cache',
        });
        return answered(result.data).multipartUpload;
      }),
    signParts: (videoId, partNumbers) =>
      call(async () => {
        const result = await client.mutate({
          mutation: CreateUploadPartUrlsDocument,
          variables: { input: { videoId, partNumbers } },
        });
        return answered(result.data?.createUploadPartUrls);
      }),
    putPart,
    completeMultipartUpload: (input) => register(CompleteMultipartUploadDocument, input),
    abortMultipartUpload: (videoId) =>
      call(async () => {
        await client.mutate({ mutation: AbortMultipartUploadDocument, variables: { videoId } });
      }),
  };
}
