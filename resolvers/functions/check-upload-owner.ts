import type { MutationCreateVideoArgs } from '../../generated/graphql';
import type { PipelineContext } from '../lib/context';
import type { CreateVideoStash } from '../lib/create-video-stash';
import { raiseDataSourceError } from '../lib/errors';
import { invokeWithContext } from '../lib/lambda';

// The `uploads` Lambda reads the raw object's x-amz-meta-user-id: only its uploader may register it.

/** After validateVideoInput (which answers null), or completeUploadParts; the Lambda answers the video's id. */
type CheckUploadOwnerContext = PipelineContext<MutationCreateVideoArgs, CreateVideoStash, null, { id: string }>;

export function request(ctx: CheckUploadOwnerContext) {
  return invokeWithContext(ctx);
}

export function response(ctx: CheckUploadOwnerContext) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
