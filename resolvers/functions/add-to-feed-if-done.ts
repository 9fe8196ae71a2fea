import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import { FEED_KEY } from '../../common/constants/feed';
import { raiseDataSourceError } from '../lib/errors';

/**
 * The job may have completed before registration; then the job-events Lambda could not list the
 * untitled video in the public feed, so registration does it. Otherwise there is nothing to do.
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
