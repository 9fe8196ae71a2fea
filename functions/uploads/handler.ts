import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  MutationCreateUploadUrlArgs,
  MutationCreateVideoArgs,
  MutationDeleteVideoArgs,
} from '../../generated/graphql';
import { fieldKey } from '../lib/appsync-event';
import { createDocumentClient, createS3Client } from '../lib/clients';
import type { AppSyncLambdaEvent } from '../lib/appsync-event';
import { numberEnv, requireEnv } from '../lib/config';
import { UnauthorizedError, ValidationError } from '../lib/errors';
import { deletePlaybackObjects } from '../lib/adapters/playback-objects';
import { deleteObject } from '../lib/adapters/s3-objects';
import { assertUploadOwner } from './upload-owner';
import { buildUploadTicket } from './upload-ticket';

// The `uploads` Lambda data source: everything the API does with S3.

const config = Object.freeze({
  tableName: requireEnv('TABLE_NAME'),
  rawBucket: requireEnv('RAW_BUCKET'),
  playbackBucket: requireEnv('PLAYBACK_BUCKET'),
  maxUploadBytes: numberEnv('MAX_UPLOAD_BYTES', 100 * 1000 * 1000),
  uploadUrlTtlSeconds: numberEnv('UPLOAD_URL_TTL_SECONDS', 15 * 60),
});
const s3 = createS3Client();
const documents = createDocumentClient();

async function recordedOwner(videoId: string): Promise<string | null> {
  const { Item: item } = await documents.send(
    new GetCommand({
      TableName: config.tableName,
      Key: { id: videoId },
      ProjectionExpression: 'userId',
      ConsistentRead: true,
    }),
  );
  return typeof item?.userId === 'string' ? item.userId : null;
}

function ownerOf(event: AppSyncLambdaEvent): string {
  const sub = event.identity?.sub;
  if (!sub) {
    throw new UnauthorizedError('Sign in to upload or change videos.');
  }
  return sub;
}

const actions: Record<string, (event: AppSyncLambdaEvent) => Promise<unknown>> = {
  'Mutation.createUploadUrl': (event) => {
    const { input } = event.arguments as unknown as MutationCreateUploadUrlArgs;
    return buildUploadTicket({
      s3,
      bucket: config.rawBucket,
      ownerSub: ownerOf(event),
      contentType: input.contentType,
      size: input.size,
      maxBytes: config.maxUploadBytes,
      expiresInSeconds: config.uploadUrlTtlSeconds,
    });
  },
  'Mutation.createVideo': async (event) => {
    const { input } = event.arguments as unknown as MutationCreateVideoArgs;
    await assertUploadOwner(s3, config.rawBucket, input.id, ownerOf(event), recordedOwner);
    return { id: input.id };
  },
  'Mutation.deleteVideo': async (event) => {
    const { id } = event.arguments as unknown as MutationDeleteVideoArgs;
    // Runs after the record step deleted the caller's record; refuse if that did not happen.
    const deleted = event.prev?.result as { userId?: string } | null | undefined;
    if (deleted?.userId !== ownerOf(event)) {
      throw new UnauthorizedError(`Video ${id} is not yours to delete.`);
    }
    // An upload still being processed goes too; its job then ends without a record to write to
    // (job-events discards what a job of a deleted video produced).
    await deleteObject(s3, config.rawBucket, id);
    return { deleted: await deletePlaybackObjects(s3, config.playbackBucket, id) };
  },
};

export async function handler(event: AppSyncLambdaEvent): Promise<unknown> {
  const action = actions[fieldKey(event)];
  if (!action) {
    throw new ValidationError(`The uploads function does not serve ${fieldKey(event)}.`);
  }
  return action(event);
}
