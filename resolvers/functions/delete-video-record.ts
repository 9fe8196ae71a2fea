import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBDeleteItemRequest } from '@aws-appsync/utils';
import type { MutationDeleteVideoArgs } from '../../generated/graphql';
import { raiseUnlessOwnedVideo } from '../lib/errors';
import { callerSub } from '../lib/identity';

/** Owner only: the record goes first, so a failure later leaves files a sweep can find, never a dangling record. */
export function request(ctx: Context<MutationDeleteVideoArgs>): DynamoDBDeleteItemRequest {
  return {
    operation: 'DeleteItem',
    key: util.dynamodb.toMapValues({ id: ctx.args.id }),
    condition: {
      expression: 'userId = :owner AND attribute_exists(title)',
      expressionValues: util.dynamodb.toMapValues({ ':owner': callerSub(ctx) }),
    },
  };
}

export function response(ctx: Context<MutationDeleteVideoArgs>) {
  raiseUnlessOwnedVideo(ctx, ctx.args.id);
  return ctx.result;
}
