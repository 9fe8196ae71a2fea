import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AppSyncResolverEvent } from 'aws-lambda';
import type {
  MutationCreateUploadUrlArgs,
  MutationCreateVideoArgs,
  MutationDeleteVideoArgs,
} from '../../generated/graphql';
import { DEFAULT_PIPELINE_LIMITS } from '../../common/constants/pipeline-limits';
import { DEFAULT_UPLOAD_LIMITS } from '../../common/constants/upload-limits';
import {
  createCloudFrontClient,
  createDocumentClient,
  createMediaConvertClient,
  createS3Client,
  createSqsClient,
} from '../lib/clients';
import { numberEnv, requireEnv } from '../lib/config';
import { UnauthorizedError, ValidationError } from '../lib/errors';
import { DynamoDbUsageCounter } from '../lib/adapters/dynamodb-usage-counter';
import { DynamoDbOwnerVideos } from '../lib/adapters/dynamodb-owner-videos';
import { cancelMediaConvertJob } from '../lib/adapters/mediaconvert-jobs';
import { invalidatePlaybackCache } from '../lib/adapters/playback-cache';
import { deletePlaybackObjects } from '../lib/adapters/playback-objects';
import { deleteUploadObjects } from '../lib/adapters/raw-upload-objects';
import { buildRegistrationNotice } from '../lib/registration-notice';
import { runningJobOf } from './running-job';
import { countTicket } from './ticket-limits';
import type { TicketLimitDependencies } from './ticket-limits';
import { assertUploadOwner } from './upload-owner';
import { assertUploadable, buildUploadTicket } from './upload-ticket';

// The `uploads` Lambda data source: everything the API does with S3, the ticket limits, and the
// registration notice to process-upload.

const config = Object.freeze({
  tableName: requireEnv('TABLE_NAME'),
  rawBucket: requireEnv('RAW_BUCKET'),
  playbackBucket: requireEnv('PLAYBACK_BUCKET'),
  playbackDistributionId: requireEnv('PLAYBACK_DISTRIBUTION_ID'),
  maxUploadBytes: numberEnv('MAX_UPLOAD_BYTES', DEFAULT_UPLOAD_LIMITS.maxUploadBytes),
  maxMultipartUploadBytes: numberEnv('MAX_MULTIPART_UPLOAD_BYTES', DEFAULT_UPLOAD_LIMITS.maxMultipartUploadBytes),
  uploadUrlTtlSeconds: numberEnv('UPLOAD_URL_TTL_SECONDS', 15 * 60),
  uploadsQueueUrl: requireEnv('UPLOADS_QUEUE_URL'),
  limits: {
    uploadTicketsPerUserPerMinute: numberEnv(
      'UPLOAD_TICKETS_PER_USER_PER_MINUTE',
      DEFAULT_PIPELINE_LIMITS.uploadTicketsPerUserPerMinute,
    ),
    processingVideosPerUser: numberEnv('PROCESSING_VIDEOS_PER_USER', DEFAULT_PIPELINE_LIMITS.processingVideosPerUser),
  },
});
const s3 = createS3Client();
const mediaconvert = createMediaConvertClient();
const sqs = createSqsClient();
const cloudfront = createCloudFrontClient();
const documents = createDocumentClient();
const ticketLimits: TicketLimitDependencies = {
  ownerVideos: new DynamoDbOwnerVideos(documents, config.tableName),
  usage: new DynamoDbUsageCounter(documents, config.tableName),
  limits: config.limits,
};

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
  createUploadUrl: async (event) => {
    const { input } = event.arguments;
    const ownerSub = ownerOf(event);
    const request = { contentType: input.contentType, size: input.size, maxBytes: config.maxUploadBytes };
    // A request no ticket would be made for spends none of the caller's.
    assertUploadable(request);
    await countTicket(ownerSub, ticketLimits);
    return buildUploadTicket({
      ...request,
      s3,
      bucket: config.rawBucket,
      ownerSub,
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
    await deleteUploadObjects(s3, config.rawBucket, id);
    const deleted = await deletePlaybackObjects(s3, config.playbackBucket, id);
    // What viewers have played stays in CloudFront's cache for a day unless invalidated; only a
    // video that wrote files can have any there.
    if (deleted > 0) await invalidatePlaybackCache(cloudfront, config.playbackDistributionId, id);
    return { deleted };
  },
};

/**
 * createVideo's announceRegistration step (resolvers/functions/announce-registration.ts): the
 * record it stored has an accepted upload and no job, so process-upload may submit the job now.
 */
async function announceRegistration(event: FieldEvent<'createVideo'>): Promise<unknown> {
  const registered: unknown = event.prev?.result;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.uploadsQueueUrl,
      MessageBody: buildRegistrationNotice(event.arguments.input.id),
    }),
  );
  return registered;
}

function isUploadsField(fieldName: string): fieldName is UploadsField {
  return Object.hasOwn(fields, fieldName);
}

/** The field's own function, with the event typed by that field's arguments. */
function serve<F extends UploadsField>(fieldName: F, event: FieldEvent<F>): Promise<unknown> {
  return fields[fieldName](event);
}

/** A pipeline step of a field that has more than one on this data source names itself (resolvers/lib/lambda.ts). */
type StepEvent = FieldEvent<UploadsField> & { step?: string };

export async function handler(event: StepEvent): Promise<unknown> {
  const { parentTypeName, fieldName } = event.info;
  if (parentTypeName !== 'Mutation' || !isUploadsField(fieldName)) {
    throw new ValidationError(`The uploads function does not serve ${parentTypeName}.${fieldName}.`);
  }
  if (event.step === 'announceRegistration' && fieldName === 'createVideo')
    return announceRegistration(event as FieldEvent<'createVideo'>);
  if (event.step !== undefined) throw new ValidationError(`The uploads function has no step ${event.step}.`);
  return serve(fieldName, event);
}
