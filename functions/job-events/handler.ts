import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbVideoStore } from '../lib/adapters/dynamodb-video-store';
import { deletePlaybackObjects } from '../lib/adapters/playback-objects';
import { deleteUploadObjects } from '../lib/adapters/raw-upload-objects';
import { readTextObject } from '../lib/adapters/s3-objects';
import { processPartialBatch } from '../lib/batch';
import { createDocumentClient, createS3Client, createStatusPublisher } from '../lib/clients';
import { requireEnv } from '../lib/config';
import { createLogger } from '../lib/logger';
import { parseJobStateChange } from '../lib/mediaconvert-events';
import { processJobEvent } from './process-job-event';
import type { JobEventDependencies } from './process-job-event';

// The `job-events` queue's consumer: MediaConvert job state changes, one record at a time.

const config = Object.freeze({
  tableName: requireEnv('TABLE_NAME'),
  rawBucket: requireEnv('RAW_BUCKET'),
  playbackBucket: requireEnv('PLAYBACK_BUCKET'),
  playbackBaseUrl: requireEnv('PLAYBACK_BASE_URL'),
  appsyncUrl: requireEnv('APPSYNC_URL'),
  region: requireEnv('AWS_REGION'),
});

const logger = createLogger('job-events');
const s3 = createS3Client();
const documents = createDocumentClient();

const dependencies: JobEventDependencies = {
  store: new DynamoDbVideoStore(documents, config.tableName),
  publisher: createStatusPublisher(config),
  readPlaybackText: (key) => readTextObject(s3, config.playbackBucket, key),
  deleteRawUpload: (videoId) => deleteUploadObjects(s3, config.rawBucket, videoId),
  deletePlaybackOutputs: async (videoId) => {
    await deletePlaybackObjects(s3, config.playbackBucket, videoId);
  },
  playbackBaseUrl: config.playbackBaseUrl,
  logger,
};

export function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return processPartialBatch(
    event,
    async (record) => {
      const jobEvent = parseJobStateChange(record.body);
      const { jobId, status, userMetadata } = jobEvent.detail;
      logger.appendKeys({ videoId: userMetadata.videoId, jobId, jobStatus: status });
      await processJobEvent(jobEvent, dependencies);
    },
    logger,
  );
}
