import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VIDEO_STATUS } from '../pipeline-video';

/** Sparse index of the videos that carry a deadline, by status and deadline (terraform/videos-table.json). */
export const PROCESSING_DEADLINES_INDEX = 'processingDeadlines';

/** Ids of PROCESSING videos whose deadline is before `now`, oldest deadline first (the watchdog's one query). */
export async function listOverdueVideos(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: string,
  limit: number,
): Promise<string[]> {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: PROCESSING_DEADLINES_INDEX,
      KeyConditionExpression: '#status = :processing AND #deadlineAt < :now',
      ExpressionAttributeNames: { '#status': 'status', '#deadlineAt': 'deadlineAt' },
      ExpressionAttributeValues: { ':processing': VIDEO_STATUS.PROCESSING, ':now': now },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => item.id as string);
}
