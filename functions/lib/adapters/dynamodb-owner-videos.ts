import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VIDEO_STATUS } from '../pipeline-video';
import type { OwnerVideos } from '../ports/video-store';

/** The videos of one owner, newest id last (terraform/videos-table.json). */
export const OWNER_INDEX = 'byOwner';

export class DynamoDbOwnerVideos implements OwnerVideos {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async countProcessing(userId: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      // The filter applies to each page after it is read (1 MB at most): every page counts.
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: OWNER_INDEX,
          KeyConditionExpression: '#userId = :userId',
          FilterExpression: '#status = :processing',
          ExpressionAttributeNames: { '#userId': 'userId', '#status': 'status' },
          ExpressionAttributeValues: { ':userId': userId, ':processing': VIDEO_STATUS.PROCESSING },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }
}
