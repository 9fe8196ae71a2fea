import type { MutationCompleteMultipartUploadArgs } from '../../generated/graphql';
import type { PipelineContext } from '../lib/context';
import type { CreateVideoStash } from '../lib/create-video-stash';
import { raiseDataSourceError } from '../lib/errors';
import { invokeWithContext } from '../lib/lambda';

// completeMultipartUpload's step before createVideo's own: the `uploads` Lambda completes the
// caller's multipart upload once its parts add up to the declared size (or finds it completed by an
// earlier call), so checkUploadOwner then finds the object.

/** After validateVideoInput (which answers null); the Lambda answers the video's id. */
type CompleteUploadPartsContext = PipelineContext<
  MutationCompleteMultipartUploadArgs,
  CreateVideoStash,
  null,
  { id: string }
>;

export function request(ctx: CompleteUploadPartsContext) {
  return invokeWithContext(ctx, 'completeUploadParts');
}

export function response(ctx: CompleteUploadPartsContext) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
