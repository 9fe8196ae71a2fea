import type { Context } from '@aws-appsync/utils';
import type { MutationCreateVideoArgs } from '../../generated/graphql';
import { validateDescription, validateTitle } from '../lib/validation';

// NONE data source, first in createVideo: bad input fails before any S3 or DynamoDB call.

export function request(ctx: Context<MutationCreateVideoArgs>) {
  const input = ctx.args.input;
  ctx.stash.title = validateTitle(input.title);
  ctx.stash.description = validateDescription(input.description);
  return { payload: null };
}

export function response(_ctx: Context) {
  return null;
}
