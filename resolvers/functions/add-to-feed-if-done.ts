import { runtime, util } from '@aws-appsync/utils';
import type { DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationCreateVideoArgs } from '../../generated/graphql';
import { FEED_KEY } from '../../common/constants/feed';
import type { PipelineContext } from '../lib/context';
import type { CreateVideoStash } from '../lib/create-video-stash';
import { raiseDataSourceError } from '../lib/errors';
import type { VideoRecord } from '../lib/video-record';

/** After putVideo: the registered record comes in, the record (listed in the feed or not) goes out. */
type AddToFeedContext = PipelineContext<MutationCreateVideoArgs, CreateVideoStash, VideoRecord, VideoRecord>;

/**
 * A job that completed before registration (possible before the registration gate, for records
 * written then; a job now waits for the title) left the video DONE but out of the public feed,
 * which lists titled videos only; registration lists it. Otherwise there is nothing to do.
 */
export function request(ctx: AddToFeedContext): DynamoDBUpdateItemRequest {
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

export function response(ctx: AddToFeedContext) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
