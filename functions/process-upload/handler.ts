import { CreateJobCommand } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbVideoStore } from '../lib/adapters/dynamodb-video-store';
import { deleteObject } from '../lib/adapters/s3-objects';
import { processPartialBatch } from '../lib/batch';
import { createDocumentClient, createMediaConvertClient, createS3Client, createStatusPublisher } from '../lib/clients';
import { numberEnv, optionalEnv, requireEnv } from '../lib/config';
import { STATUS_UPDATE_INTERVALS, isStatusUpdateInterval } from '../lib/job-settings';
import type { StatusUpdateIntervalSeconds } from '../lib/job-settings';
import { createLogger } from '../lib/logger';
import { probe } from '../lib/probe';
import { parseS3Notification } from '../lib/s3-notifications';
import { DEFAULT_DEADLINES, processUpload } from './process-upload';
import type { ProcessUploadDependencies } from './process-upload';

// The `uploads` queue's consumer: each new raw upload becomes one MediaConvert job (or FAILED).

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
});

const logger = createLogger('process-upload');
const s3 = createS3Client();
const mediaconvert = createMediaConvertClient();
const documents = createDocumentClient();

const dependencies: ProcessUploadDependencies = {
  store: new DynamoDbVideoStore(documents, config.tableName),
  publisher: createStatusPublisher(config),
  readUploader: async (key) => {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: config.rawBucket, Key: key }));
      return { userId: head.Metadata?.['user-id'] };
    } catch (error) {
      if ((error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
  },
  presignedGetUrl: (key) =>
    getSignedUrl(s3, new GetObjectCommand({ Bucket: config.rawBucket, Key: key }), { expiresIn: 900 }),
  probe: (url) => probe(url, { ffprobePath: config.ffprobePath, caFile: config.ffprobeCaFile }),
  createJob: async (request) => {
    const { Job: job } = await mediaconvert.send(new CreateJobCommand(request));
    if (!job?.Id) throw new Error('MediaConvert answered CreateJob without a job id.');
    return job.Id;
  },
  deleteRawUpload: (key) => deleteObject(s3, config.rawBucket, key),
  jobSettings: {
    rawBucket: config.rawBucket,
    playbackBucket: config.playbackBucket,
    roleArn: config.roleArn,
    statusUpdateIntervalSeconds: config.statusUpdateIntervalSeconds,
  },
  deadlines: config.deadlines,
  logger,
};

export function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return processPartialBatch(
    event,
    async (record) => {
      for (const object of parseS3Notification(record.body)) await processUpload(object, dependencies);
    },
    logger,
  );
}
