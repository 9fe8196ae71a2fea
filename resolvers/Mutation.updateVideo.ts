import { util } from '@aws-appsync/utils';
import type { DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationUpdateVideoArgs } from '../generated/graphql';
import type { UnitContext } from './lib/context';
import { raiseUnlessOwnedVideo } from './lib/errors';
import { callerSub } from './lib/identity';
import { validateDescription, validateTitle } from './lib/validation';
import type { VideoRecord } from './lib/video-record';

/** Owner only: the condition names the caller, so another user's id fails like a missing one. */
export function request(ctx: UnitContext<MutationUpdateVideoArgs, VideoRecord>): DynamoDBUpdateItemRequest {
  const input = ctx.args.input;
  const hasTitle = input.title !== null && input.title !== undefined;
  const hasDescription = input.description !== undefined;
  if (!hasTitle && !hasDescription) {
    util.error('Nothing to update: give a title or a description.', 'ValidationError');
  }
  const owner = callerSub(ctx);
  const values: Record<string, unknown> = { ':now': util.time.nowISO8601() };
  const assignments = ['updatedAt = :now'];
  if (hasTitle) {
    values[':title'] = validateTitle(input.title as string);
    assignments.push('title = :title');
  }
  const removals: string[] = [];
  if (hasDescription) {
    const description = validateDescription(input.description);
    if (description === null) {
      removals.push('description');
    } else {
      values[':description'] = description;
      assignments.push('description = :description');
    }
  }
  const remove = removals.length > 0 ? ' REMOVE ' + removals.join(', ') : '';
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ id: input.id }),
    update: {
      expression: 'SET ' + assignments.join(', ') + remove,
      expressionValues: util.dynamodb.toMapValues(values),
    },
    condition: {
      expression: 'userId = :owner AND attribute_exists(title)',
      expressionValues: util.dynamodb.toMapValues({ ':owner': owner }),
    },
  };
}

export function response(ctx: UnitContext<MutationUpdateVideoArgs, VideoRecord>) {
  raiseUnlessOwnedVideo(ctx, ctx.args.input.id);
  return ctx.result;
}
