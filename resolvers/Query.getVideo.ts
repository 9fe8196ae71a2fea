import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryGetVideoArgs } from '../generated/graphql';
import { raiseDataSourceError } from './lib/errors';
import { optionalCallerSub } from './lib/identity';

export function request(ctx: Context<QueryGetVideoArgs>) {
  return ddb.get({ key: { id: ctx.args.id } });
}

/** DONE videos are public; others exist only for their owner (null, not an error, for anyone else). */
export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  const video = ctx.result;
  if (!video || !video.title) {
    return null;
  }
  if (video.status !== 'DONE' && video.userId !== optionalCallerSub(ctx)) {
    return null;
  }
  return video;
}
