import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import { FEED_KEY } from '../../common/constants/feed';
import { raiseDataSourceError } from '../lib/errors';

/**
 * A job that completed before registration (possible before the registration gate, for records
 * written then; a job now waits for the title) left the video DONE but out of the public feed,
 * which lists titled videos only; registration lists it. Otherwise there is nothing to do.
 */
export function request(ctx: Context): DynamoDBUpdateItemRequest {
  const video = ctx.prev.result;
  if (video.status !== 'DONE' || video.feedKey) {
    runtime.earlyReturn(video);
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ id: video.id }),
    update: {
      expression: 'SET feedKey = :feedKey',
      expressionValues: util.dynamodb.toMapValues({ ':feedKey': FEED_KEY }),
    },
  };
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
