import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AppSyncResolverEvent } from 'aws-lambda';
import type {
  MutationCreateUploadUrlArgs,
  MutationCreateVideoArgs,
  MutationDeleteVideoArgs,
} from '../../generated/graphql';
import { createDocumentClient, createMediaConvertClient, createS3Client } from '../lib/clients';
import { numberEnv, requireEnv } from '../lib/config';
import { UnauthorizedError, ValidationError } from '../lib/errors';
import { cancelMediaConvertJob } from '../lib/adapters/mediaconvert-jobs';
import { deletePlaybackObjects } from '../lib/adapters/playback-objects';
import { deleteObject } from '../lib/adapters/s3-objects';
import { runningJobOf } from './running-job';
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
const mediaconvert = createMediaConvertClient();
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

/** The Mutation fields this data source serves, each with its arguments as codegen types them. */
interface UploadsFieldArguments {
  createUploadUrl: MutationCreateUploadUrlArgs;
  createVideo: MutationCreateVideoArgs;
  deleteVideo: MutationDeleteVideoArgs;
}
type UploadsField = keyof UploadsFieldArguments;

/** AppSync checked the arguments against the schema before the resolver invoked the function. */
type FieldEvent<F extends UploadsField> = AppSyncResolverEvent<UploadsFieldArguments[F]>;

/** The caller's Cognito sub: these fields take the API's default auth, a user pool sign-in. */
function ownerOf({ identity }: AppSyncResolverEvent<unknown>): string {
  const sub = identity && 'sub' in identity ? identity.sub : undefined;
  if (!sub) {
    throw new UnauthorizedError('Sign in to upload or change videos.');
  }
  return sub;
}

const fields: { [F in UploadsField]: (event: FieldEvent<F>) => Promise<unknown> } = {
  createUploadUrl: (event) => {
    const { input } = event.arguments;
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
  createVideo: async (event) => {
    const { input } = event.arguments;
    await assertUploadOwner(s3, config.rawBucket, input.id, ownerOf(event), recordedOwner);
    return { id: input.id };
  },
  deleteVideo: async (event) => {
    const { id } = event.arguments;
    // Runs after the record step deleted the caller's record; refuse if that did not happen.
    const deletedOwner: unknown = event.prev?.result?.userId;
    if (deletedOwner !== ownerOf(event)) {
      throw new UnauthorizedError(`Video ${id} is not yours to delete.`);
    }
    // A job still transcoding is stopped first: MediaConvert bills its minutes until it ends.
    const jobId = runningJobOf(event.prev?.result);
    if (jobId) await cancelMediaConvertJob(mediaconvert, jobId);
    // An upload still being processed goes too; its job then ends without a record to write to
    // (job-events discards what a job of a deleted video produced).
    await deleteObject(s3, config.rawBucket, id);
    return { deleted: await deletePlaybackObjects(s3, config.playbackBucket, id) };
  },
};

function isUploadsField(fieldName: string): fieldName is UploadsField {
  return Object.hasOwn(fields, fieldName);
}

/** The field's own function, with the event typed by that field's arguments. */
function serve<F extends UploadsField>(fieldName: F, event: FieldEvent<F>): Promise<unknown> {
  return fields[fieldName](event);
}

export async function handler(event: FieldEvent<UploadsField>): Promise<unknown> {
  const { parentTypeName, fieldName } = event.info;
  if (parentTypeName !== 'Mutation' || !isUploadsField(fieldName)) {
    throw new ValidationError(`The uploads function does not serve ${parentTypeName}.${fieldName}.`);
  }
  return serve(fieldName, event);
}
