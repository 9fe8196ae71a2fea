import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryGetVideoArgs } from '../generated/graphql';
import type { UnitContext } from './lib/context';
import { raiseDataSourceError } from './lib/errors';
import { optionalCallerSub } from './lib/identity';
import { asSeenBy } from './lib/owner-view';
import type { VideoRecord } from './lib/video-record';

export function request(ctx: UnitContext<QueryGetVideoArgs, VideoRecord | null>) {
  return ddb.get({ key: { id: ctx.args.id } });
}

/**
 * DONE videos are public; others exist only for their owner (null, not an error, for anyone else).
 * The owner's sub is shown to the owner alone.
 */
export function response(ctx: UnitContext<QueryGetVideoArgs, VideoRecord | null>) {
  raiseDataSourceError(ctx);
  const video = ctx.result;
  if (!video || !video.title) {
    return null;
  }
  const caller = optionalCallerSub(ctx);
  if (video.status !== 'DONE' && video.userId !== caller) {
    return null;
  }
  return asSeenBy(video, caller);
}
