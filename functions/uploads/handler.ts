import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AppSyncResolverEvent } from 'aws-lambda';
import type {
  MutationAbortMultipartUploadArgs,
  MutationCompleteMultipartUploadArgs,
  MutationCreateUploadPartUrlsArgs,
  MutationCreateUploadUrlArgs,
  MutationCreateVideoArgs,
  MutationDeleteVideoArgs,
  MutationStartMultipartUploadArgs,
  QueryMultipartUploadArgs,
} from '../../generated/graphql';
import { DEFAULT_PIPELINE_LIMITS } from '../../common/constants/pipeline-limits';
import { DEFAULT_UPLOAD_LIMITS } from '../../common/constants/upload-limits';
import {
  createCloudFrontClient,
  createDocumentClient,
  createMediaConvertClient,
  createS3Client,
  createS3PresigningClient,
  createSqsClient,
} from '../lib/clients';
import { numberEnv, requireEnv } from '../lib/config';
import { UnauthorizedError, ValidationError } from '../lib/errors';
import { DynamoDbUsageCounter } from '../lib/adapters/dynamodb-usage-counter';
import { DynamoDbMultipartUploadRecords } from '../lib/adapters/dynamodb-multipart-upload-records';
import { DynamoDbOwnerVideos } from '../lib/adapters/dynamodb-owner-videos';
import { cancelMediaConvertJob } from '../lib/adapters/mediaconvert-jobs';
import { invalidatePlaybackCache } from '../lib/adapters/playback-cache';
import { deletePlaybackObjects } from '../lib/adapters/playback-objects';
import { deleteUploadObjects } from '../lib/adapters/raw-upload-objects';
import { buildRegistrationNotice } from '../lib/registration-notice';
import { MultipartUploads } from './multipart-upload';
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
const multipartUploads = new MultipartUploads({
  s3,
  presigner: createS3PresigningClient(),
  bucket: config.rawBucket,
  records: new DynamoDbMultipartUploadRecords(documents, config.tableName),
  maxBytes: config.maxMultipartUploadBytes,
  partUrlTtlSeconds: config.uploadUrlTtlSeconds,
  ticketLimits,
});

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

/** The fields this data source serves, each with its arguments as codegen types them. */
interface UploadsFieldArguments {
  createUploadUrl: MutationCreateUploadUrlArgs;
  createVideo: MutationCreateVideoArgs;
  deleteVideo: MutationDeleteVideoArgs;
  startMultipartUpload: MutationStartMultipartUploadArgs;
  createUploadPartUrls: MutationCreateUploadPartUrlsArgs;
  multipartUpload: QueryMultipartUploadArgs;
  completeMultipartUpload: MutationCompleteMultipartUploadArgs;
  abortMultipartUpload: MutationAbortMultipartUploadArgs;
}
type UploadsField = keyof UploadsFieldArguments;

/** The type each field is on: all Mutation fields but the one Query. */
const FIELD_TYPES: { [F in UploadsField]: 'Query' | 'Mutation' } = {
  createUploadUrl: 'Mutation',
  createVideo: 'Mutation',
  deleteVideo: 'Mutation',
  startMultipartUpload: 'Mutation',
  createUploadPartUrls: 'Mutation',
  multipartUpload: 'Query',
  completeMultipartUpload: 'Mutation',
  abortMultipartUpload: 'Mutation',
};

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
  createVideo: (event) => checkUploadOwner(event),
  // completeMultipartUpload's checkUploadOwner step; its completeUploadParts step is in `steps`.
  completeMultipartUpload: (event) => checkUploadOwner(event),
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
  startMultipartUpload: (event) => multipartUploads.start(ownerOf(event), event.arguments.input),
  createUploadPartUrls: (event) => multipartUploads.signPartUrls(ownerOf(event), event.arguments.input),
  multipartUpload: (event) => multipartUploads.find(ownerOf(event), event.arguments.videoId),
  abortMultipartUpload: (event) => multipartUploads.abort(ownerOf(event), event.arguments.videoId),
};

/** createVideo's (and completeMultipartUpload's) checkUploadOwner step: only the uploader may register an upload. */
async function checkUploadOwner(event: FieldEvent<'createVideo' | 'completeMultipartUpload'>): Promise<{ id: string }> {
  const { input } = event.arguments;
  await assertUploadOwner(s3, config.rawBucket, input.id, ownerOf(event), recordedOwner);
  return { id: input.id };
}

/**
 * createVideo's announceRegistration step (resolvers/functions/announce-registration.ts): the
 * record it stored has an accepted upload and no job, so process-upload may submit the job now.
 */
async function announceRegistration(event: FieldEvent<'createVideo' | 'completeMultipartUpload'>): Promise<unknown> {
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

/** The registering fields: createVideo, and completeMultipartUpload, which completes the upload first. */
type RegisteringEvent = FieldEvent<'createVideo' | 'completeMultipartUpload'>;

/** The named steps (resolvers/lib/lambda.ts), with the fields whose pipelines run each. */
const steps: Record<string, { fields: UploadsField[]; run: (event: RegisteringEvent) => Promise<unknown> }> = {
  announceRegistration: { fields: ['createVideo', 'completeMultipartUpload'], run: announceRegistration },
  // completeMultipartUpload's first step (resolvers/functions/complete-upload-parts.ts).
  completeUploadParts: {
    fields: ['completeMultipartUpload'],
    run: (event) => multipartUploads.complete(ownerOf(event), event.arguments.input.id),
  },
};

/** A pipeline step of a field that has more than one on this data source names itself (resolvers/lib/lambda.ts). */
type StepEvent = FieldEvent<UploadsField> & { step?: string };

export async function handler(event: StepEvent): Promise<unknown> {
  const { parentTypeName, fieldName } = event.info;
  if (!isUploadsField(fieldName) || FIELD_TYPES[fieldName] !== parentTypeName) {
    throw new ValidationError(`The uploads function does not serve ${parentTypeName}.${fieldName}.`);
  }
  if (event.step === undefined) return serve(fieldName, event);
  const step = Object.hasOwn(steps, event.step) ? steps[event.step] : undefined;
  if (!step?.fields.includes(fieldName))
    throw new ValidationError(`The uploads function has no step ${event.step} for ${fieldName}.`);
  return step.run(event as RegisteringEvent);
}
