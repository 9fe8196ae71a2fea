import type { MutationCreateVideoArgs } from '../../generated/graphql';
import type { PipelineContext } from '../lib/context';
import type { CreateVideoStash } from '../lib/create-video-stash';
import { validateDescription, validateTitle } from '../lib/validation';

// NONE data source, first in createVideo: bad input fails before any S3 or DynamoDB call.

/** First in createVideo (after the pass-through's {}): fills the stash, answers null. */
type ValidateVideoInputContext = PipelineContext<
  MutationCreateVideoArgs,
  CreateVideoStash,
  Record<string, never>,
  null
>;

export function request(ctx: ValidateVideoInputContext) {
  const input = ctx.args.input;
  ctx.stash.title = validateTitle(input.title);
  ctx.stash.description = validateDescription(input.description);
  return { payload: null };
}

export function response(_ctx: ValidateVideoInputContext) {
  return null;
}
