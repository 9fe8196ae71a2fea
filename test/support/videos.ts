import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import type { Endpoints } from '../../local/endpoints';

export function dynamoClient(endpoints: Endpoints): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: endpoints.dynamodbEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
}

export interface SeedVideo {
  id?: string;
  userId: string;
  title?: string | null;
  status?: 'PROCESSING' | 'DONE' | 'FAILED';
  description?: string;
}

/** Writes a video record the way the pipeline leaves it (DONE ones listed in the feed). */
export async function seedVideo(client: DynamoDBClient, video: SeedVideo): Promise<Record<string, unknown>> {
  const now = new Date().toISOString();
  const status = video.status ?? 'DONE';
  const item: Record<string, unknown> = {
    id: video.id ?? ulid(),
    userId: video.userId,
    ownerName: 'seeded',
    status,
    progress: status === 'DONE' ? 100 : 10,
    createdAt: now,
    updatedAt: now,
    ...(video.title === null ? {} : { title: video.title ?? 'A seeded video' }),
    ...(video.description ? { description: video.description } : {}),
    ...(status === 'DONE' && video.title !== null
      ? { feedKey: 'DONE', durationSeconds: 5, width: 1280, height: 720 }
      : {}),
    ...(status === 'FAILED' ? { failureReason: 'The file is not a video.' } : {}),
  };
  await client.send(new PutItemCommand({ TableName: 'videos', Item: marshall(item, { removeUndefinedValues: true }) }));
  return item;
}
