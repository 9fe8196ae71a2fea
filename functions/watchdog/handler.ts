import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CancelJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { DynamoDbVideoStore } from '../lib/adapters/dynamodb-video-store';
import { listOverdueVideos } from '../lib/adapters/overdue-videos';
import { deleteObject } from '../lib/adapters/s3-objects';
import { requireEnv } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createAppSyncStatusPublisher } from '../lib/publish-status';
import { failOverdueVideos } from './fail-overdue';
import type { WatchdogDependencies } from './fail-overdue';
import { createS3Client } from '../lib/s3-client';

// Run on a schedule (an EventBridge rule on AWS, a timer in the local cloud): fails the videos
// that passed their processing deadline.

const config = Object.freeze({
  tableName: requireEnv('TABLE_NAME'),
  rawBucket: requireEnv('RAW_BUCKET'),
  appsyncUrl: requireEnv('APPSYNC_URL'),
  region: requireEnv('AWS_REGION'),
});

const logger = createLogger('watchdog');
const s3 = createS3Client();
const mediaconvert = new MediaConvertClient({});
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

const dependencies: WatchdogDependencies = {
  store: new DynamoDbVideoStore(documents, config.tableName),
  listOverdue: (now, limit) => listOverdueVideos(documents, config.tableName, now, limit),
  publisher: createAppSyncStatusPublisher({
    url: config.appsyncUrl,
    region: config.region,
    credentials: defaultProvider(),
  }),
  cancelJob: async (jobId) => {
    try {
      await mediaconvert.send(new CancelJobCommand({ Id: jobId }));
    } catch (error) {
      // Ended already (ConflictException) or unknown: nothing left to stop.
      if ((error as Error).name !== 'ConflictException' && (error as Error).name !== 'NotFoundException') throw error;
    }
  },
  deleteRawUpload: (videoId) => deleteObject(s3, config.rawBucket, videoId),
  logger,
};

export async function handler(_event: ScheduledEvent, context: Context): Promise<{ failed: string[] }> {
  logger.addContext(context);
  return failOverdueVideos(dependencies);
}
