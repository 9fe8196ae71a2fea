import type { MutationDeleteVideoArgs } from '../../generated/graphql';
import type { PipelineContext } from '../lib/context';
import { raiseDataSourceError } from '../lib/errors';
import { invokeWithContext } from '../lib/lambda';
import type { VideoRecord } from '../lib/video-record';

// The `uploads` Lambda removes the video's HLS files and thumbnail; the deleted record passes through.

/** After deleteVideoRecord (the deleted record); the Lambda answers how many objects it deleted. */
type DeletePlaybackObjectsContext = PipelineContext<
  MutationDeleteVideoArgs,
  Record<string, never>,
  VideoRecord,
  { deleted: number }
>;

export function request(ctx: DeletePlaybackObjectsContext) {
  return invokeWithContext(ctx);
}

export function response(ctx: DeletePlaybackObjectsContext) {
  raiseDataSourceError(ctx);
  return ctx.prev.result;
}
