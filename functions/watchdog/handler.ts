import type { Context, ScheduledEvent } from 'aws-lambda';
import { DynamoDbVideoStore } from '../lib/adapters/dynamodb-video-store';
import { cancelMediaConvertJob } from '../lib/adapters/mediaconvert-jobs';
import { deleteUnregisteredVideo, listOverdueVideos } from '../lib/adapters/overdue-videos';
import { deletePlaybackObjects } from '../lib/adapters/playback-objects';
import { deleteUploadObjects } from '../lib/adapters/raw-upload-objects';
import { createDocumentClient, createMediaConvertClient, createS3Client, createStatusPublisher } from '../lib/clients';
import { requireEnv } from '../lib/config';
import { createLogger } from '../lib/logger';
import { failOverdueVideos } from './fail-overdue';
import type { WatchdogDependencies } from './fail-overdue';

// Run on a schedule (an EventBridge rule on AWS, a timer in the local cloud): fails the videos
// that passed their processing deadline, and deletes the uploads never registered in their window.

const config = Object.freeze({
  tableName: requireEnv('TABLE_NAME'),
  rawBucket: requireEnv('RAW_BUCKET'),
  playbackBucket: requireEnv('PLAYBACK_BUCKET'),
  appsyncUrl: requireEnv('APPSYNC_URL'),
  region: requireEnv('AWS_REGION'),
});

const logger = createLogger('watchdog');
const s3 = createS3Client();
const mediaconvert = createMediaConvertClient();
const documents = createDocumentClient();

const dependencies: WatchdogDependencies = {
  store: new DynamoDbVideoStore(documents, config.tableName),
  deletePlaybackOutputs: async (videoId) => {
    await deletePlaybackObjects(s3, config.playbackBucket, videoId);
  },
  listOverdue: (now, limit) => listOverdueVideos(documents, config.tableName, now, limit),
  deleteUnregistered: (videoId, now) => deleteUnregisteredVideo(documents, config.tableName, videoId, now),
  publisher: createStatusPublisher(config),
  cancelJob: async (jobId) => {
    await cancelMediaConvertJob(mediaconvert, jobId);
  },
  deleteRawUpload: (videoId) => deleteUploadObjects(s3, config.rawBucket, videoId),
  logger,
};

export async function handler(
  _event: ScheduledEvent,
  context: Context,
): Promise<{ failed: string[]; abandoned: string[] }> {
  logger.addContext(context);
  return failOverdueVideos(dependencies);
}
