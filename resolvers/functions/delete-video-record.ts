import { util } from '@aws-appsync/utils';
import type { DynamoDBDeleteItemRequest } from '@aws-appsync/utils';
import type { MutationDeleteVideoArgs } from '../../generated/graphql';
import type { PipelineContext } from '../lib/context';
import { raiseUnlessOwnedVideo } from '../lib/errors';
import { callerSub } from '../lib/identity';
import type { VideoRecord } from '../lib/video-record';

/** First in deleteVideo (after the pass-through's {}); DeleteItem answers the deleted record. */
type DeleteVideoRecordContext = PipelineContext<
  MutationDeleteVideoArgs,
  Record<string, never>,
  Record<string, never>,
  VideoRecord
>;

/** Owner only: the record goes first, so a failure later leaves files a sweep can find, never a dangling record. */
export function request(ctx: DeleteVideoRecordContext): DynamoDBDeleteItemRequest {
  return {
    operation: 'DeleteItem',
    key: util.dynamodb.toMapValues({ id: ctx.args.id }),
    condition: {
      expression: 'userId = :owner AND attribute_exists(title)',
      expressionValues: util.dynamodb.toMapValues({ ':owner': callerSub(ctx) }),
    },
  };
}

export function response(ctx: DeleteVideoRecordContext) {
  raiseUnlessOwnedVideo(ctx, ctx.args.id);
  return ctx.result;
}
