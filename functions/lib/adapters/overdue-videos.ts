import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VIDEO_STATUS } from '../pipeline-video';
import type { PipelineVideo } from '../pipeline-video';
import { isConditionFailure } from './dynamodb-errors';

// The watchdog's reads and deletes of the videos past their deadline.

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

/**
 * Deletes a record that never got a title or a job and whose deadline is before `now` (ISO): an
 * upload never registered in its window. Returns the deleted record, or undefined when the video
 * was registered, got a job or finished meanwhile.
 */
export async function deleteUnregisteredVideo(
  client: DynamoDBDocumentClient,
  tableName: string,
  videoId: string,
  now: string,
): Promise<PipelineVideo | undefined> {
  try {
    const { Attributes } = await client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: { id: videoId },
        ConditionExpression:
          '#status = :processing AND attribute_not_exists(#title) AND attribute_not_exists(#jobId) AND #deadlineAt < :now',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#title': 'title',
          '#jobId': 'jobId',
          '#deadlineAt': 'deadlineAt',
        },
        ExpressionAttributeValues: { ':processing': VIDEO_STATUS.PROCESSING, ':now': now },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes as PipelineVideo | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
