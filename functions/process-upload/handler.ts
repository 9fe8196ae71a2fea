import { CreateJobCommand } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DEFAULT_PIPELINE_LIMITS } from '../../common/constants/pipeline-limits';
import { DynamoDbOwnerVideos } from '../lib/adapters/dynamodb-owner-videos';
import { DynamoDbUsageCounter } from '../lib/adapters/dynamodb-usage-counter';
import { DynamoDbVideoStore } from '../lib/adapters/dynamodb-video-store';
import { copyToAccepted, deleteUploadObjects, readObjectMetadata } from '../lib/adapters/raw-upload-objects';
import { deleteObject } from '../lib/adapters/s3-objects';
import { processPartialBatch } from '../lib/batch';
import { createDocumentClient, createMediaConvertClient, createS3Client, createStatusPublisher } from '../lib/clients';
import { numberEnv, optionalEnv, requireEnv } from '../lib/config';
import { STATUS_UPDATE_INTERVALS, isStatusUpdateInterval } from '../lib/job-settings';
import type { StatusUpdateIntervalSeconds } from '../lib/job-settings';
import { createLogger } from '../lib/logger';
import type { RawUploads } from '../lib/ports/raw-uploads';
import { probe } from '../lib/probe';
import { acceptedKey } from '../lib/upload-keys';
import { DEFAULT_DEADLINES } from './dependencies';
import type { ProcessUploadDependencies } from './dependencies';
import { processRegistration } from './process-registration';
import { processUpload } from './process-upload';
import { parseUploadsQueueMessage } from './queue-message';

// The `uploads` queue's consumer: each new raw upload is accepted (or FAILED) and, once registered,
// becomes one MediaConvert job; a registration notice starts the job of an upload accepted earlier.

function statusUpdateInterval(seconds: number): StatusUpdateIntervalSeconds {
  if (!isStatusUpdateInterval(seconds))
    throw new Error(
      `STATUS_UPDATE_INTERVAL_SECONDS must be one of ${STATUS_UPDATE_INTERVALS.join(', ')}; got ${seconds}`,
    );
  return seconds;
}

const config = Object.freeze({
  tableName: requireEnv('TABLE_NAME'),
  rawBucket: requireEnv('RAW_BUCKET'),
  playbackBucket: requireEnv('PLAYBACK_BUCKET'),
  roleArn: requireEnv('MEDIACONVERT_ROLE_ARN'),
  appsyncUrl: requireEnv('APPSYNC_URL'),
  region: requireEnv('AWS_REGION'),
  statusUpdateIntervalSeconds: statusUpdateInterval(numberEnv('STATUS_UPDATE_INTERVAL_SECONDS', 10)),
  ffprobePath: optionalEnv('FFPROBE_PATH', '/opt/bin/ffprobe'),
  ffprobeCaFile: optionalEnv('FFPROBE_CA_FILE', '/opt/etc/ssl/certs/ca-bundle.pem'),
  deadlines: {
    submitMinutes: numberEnv('SUBMIT_DEADLINE_MINUTES', DEFAULT_DEADLINES.submitMinutes),
    jobMinutes: numberEnv('JOB_DEADLINE_MINUTES', DEFAULT_DEADLINES.jobMinutes),
    perSourceSecond: numberEnv('JOB_DEADLINE_SECONDS_PER_SOURCE_SECOND', DEFAULT_DEADLINES.perSourceSecond),
  },
  limits: {
    maxSourceSeconds: numberEnv('MAX_SOURCE_SECONDS', DEFAULT_PIPELINE_LIMITS.maxSourceSeconds),
    maxSourceFrameRate: numberEnv('MAX_SOURCE_FRAME_RATE', DEFAULT_PIPELINE_LIMITS.maxSourceFrameRate),
    maxSourcePixels: numberEnv('MAX_SOURCE_PIXELS', DEFAULT_PIPELINE_LIMITS.maxSourcePixels),
    outputMinutesPerUserPerDay: numberEnv(
      'OUTPUT_MINUTES_PER_USER_PER_DAY',
      DEFAULT_PIPELINE_LIMITS.outputMinutesPerUserPerDay,
    ),
    processingVideosPerUser: numberEnv('PROCESSING_VIDEOS_PER_USER', DEFAULT_PIPELINE_LIMITS.processingVideosPerUser),
    registrationWindowMinutes: numberEnv(
      'REGISTRATION_WINDOW_MINUTES',
      DEFAULT_PIPELINE_LIMITS.registrationWindowMinutes,
    ),
  },
});

const logger = createLogger('process-upload');
const s3 = createS3Client();
const mediaconvert = createMediaConvertClient();
const documents = createDocumentClient();

/** The accepted copy's metadata: its owner, and the ETag of the upload it was copied from. */
const OWNER_METADATA = 'user-id';
const SOURCE_ETAG_METADATA = 'source-etag';

const uploads: RawUploads = {
  readUpload: async (videoId) => {
    const metadata = await readObjectMetadata(s3, config.rawBucket, videoId);
    return metadata && { userId: metadata[OWNER_METADATA] };
  },
  readAccepted: async (videoId) => {
    const metadata = await readObjectMetadata(s3, config.rawBucket, acceptedKey(videoId));
    return metadata && { userId: metadata[OWNER_METADATA], sourceETag: metadata[SOURCE_ETAG_METADATA] };
  },
  copyToAccepted: (videoId, copy) =>
    copyToAccepted(s3, config.rawBucket, videoId, {
      eTag: copy.sourceETag,
      metadata: { [OWNER_METADATA]: copy.userId, [SOURCE_ETAG_METADATA]: copy.sourceETag },
    }),
  deleteUpload: (videoId) => deleteObject(s3, config.rawBucket, videoId),
  deleteAll: (videoId) => deleteUploadObjects(s3, config.rawBucket, videoId),
  acceptedReadUrl: (videoId) =>
    getSignedUrl(s3, new GetObjectCommand({ Bucket: config.rawBucket, Key: acceptedKey(videoId) }), {
      expiresIn: 900,
    }),
  acceptedInputUrl: (videoId) => `s3://${config.rawBucket}/${acceptedKey(videoId)}`,
};

const dependencies: ProcessUploadDependencies = {
  store: new DynamoDbVideoStore(documents, config.tableName),
  ownerVideos: new DynamoDbOwnerVideos(documents, config.tableName),
  publisher: createStatusPublisher(config),
  uploads,
  usage: new DynamoDbUsageCounter(documents, config.tableName),
  probe: (url) => probe(url, { ffprobePath: config.ffprobePath, caFile: config.ffprobeCaFile }),
  createJob: async (request) => {
    const { Job: job } = await mediaconvert.send(new CreateJobCommand(request));
    if (!job?.Id) throw new Error('MediaConvert answered CreateJob without a job id.');
    return job.Id;
  },
  jobSettings: {
    rawBucket: config.rawBucket,
    playbackBucket: config.playbackBucket,
    roleArn: config.roleArn,
    statusUpdateIntervalSeconds: config.statusUpdateIntervalSeconds,
  },
  limits: config.limits,
  deadlines: config.deadlines,
  logger,
};

export function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return processPartialBatch(
    event,
    async (record) => {
      const message = parseUploadsQueueMessage(record.body);
      if (message.kind === 'registered') return processRegistration(message.videoId, dependencies);
      for (const object of message.objects) await processUpload(object, dependencies);
    },
    logger,
  );
}
