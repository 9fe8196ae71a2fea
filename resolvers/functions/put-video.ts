import { util } from '@aws-appsync/utils';
import type { DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationCreateVideoArgs } from '../../generated/graphql';
import { REGISTRATION_DEADLINE_MS } from '../lib/constants';
import type { PipelineContext } from '../lib/context';
import type { CreateVideoStash } from '../lib/create-video-stash';
import { raiseDataSourceError } from '../lib/errors';
import { callerDisplayName, callerSub, ownerTagOf } from '../lib/identity';
import type { VideoRecord } from '../lib/video-record';

/** After checkUploadOwner (the uploads Lambda's { id }); UpdateItem answers the registered record. */
type PutVideoContext = PipelineContext<MutationCreateVideoArgs, CreateVideoStash, { id: string }, VideoRecord>;

/**
 * Registers the upload. The pipeline may already have written the record (the upload can be
 * accepted, or FAILED by the probe, before the client calls createVideo), so this is an update that
 * keeps status, progress and the accepted upload, and the condition allows exactly one
 * registration by the record's owner. Its result (ALL_NEW) tells announceRegistration whether the
 * job can start now.
 */
export function request(ctx: PutVideoContext): DynamoDBUpdateItemRequest {
  const now = util.time.nowISO8601();
  const owner = callerSub(ctx);
  const values: Record<string, unknown> = {
    ':owner': owner,
    ':ownerName': callerDisplayName(ctx),
    ':ownerTag': ownerTagOf(owner),
    ':title': ctx.stash.title,
    ':now': now,
    ':processing': 'PROCESSING',
    ':zero': 0,
    ':deadline': util.time.epochMilliSecondsToISO8601(util.time.nowEpochMilliSeconds() + REGISTRATION_DEADLINE_MS),
  };
  const assignments = [
    'userId = :owner',
    'ownerName = :ownerName',
    'ownerTag = :ownerTag',
    'title = :title',
    'createdAt = if_not_exists(createdAt, :now)',
    'updatedAt = :now',
    '#status = if_not_exists(#status, :processing)',
    'progress = if_not_exists(progress, :zero)',
    // For the watchdog, in case the upload never reaches the pipeline (which sets its own).
    'deadlineAt = if_not_exists(deadlineAt, :deadline)',
  ];
  if (ctx.stash.description !== null) {
    values[':description'] = ctx.stash.description;
    assignments.push('description = :description');
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ id: ctx.args.input.id }),
    update: {
      expression: 'SET ' + assignments.join(', '),
      expressionNames: { '#status': 'status' },
      expressionValues: util.dynamodb.toMapValues(values),
    },
    condition: {
      expression: 'attribute_not_exists(id) OR (userId = :owner AND attribute_not_exists(title))',
      expressionValues: util.dynamodb.toMapValues({ ':owner': owner }),
    },
  };
}

export function response(ctx: PutVideoContext) {
  if (ctx.error && ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
    util.error(`Video ${ctx.args.input.id} is already registered.`, 'ConflictError');
  }
  raiseDataSourceError(ctx);
  return ctx.result;
}
