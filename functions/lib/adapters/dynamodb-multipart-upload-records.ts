import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MultipartUploadRecord, MultipartUploadRecords } from '../ports/multipart-upload-records';
import { EXPIRY_ATTRIBUTE } from './table-expiry';

// Multipart upload records as items of the `videos` table: { id: upload#<videoId>, ownerSub, ... }.
// The owner is `ownerSub`, not `userId`, so the owner index (listMyVideos, the processing count)
// never holds them; they have no title, so getVideo answers null for them, and no status or
// deadlineAt, so the watchdog never sees them. The table's TTL attribute (./table-expiry.ts)
// removes one that nobody completed or aborted.

/** The item's id: the prefix keeps it apart from video ids (ULIDs) and the usage counters. */
export function multipartUploadKey(videoId: string): string {
  return `upload#${videoId}`;
}

/** The record as an item: its key in place of the video id, its TTL attribute in place of the expiry. */
type MultipartUploadItem = Omit<MultipartUploadRecord, 'videoId' | 'expiresAtEpochSeconds'> & {
  id: string;
  [EXPIRY_ATTRIBUTE]: number;
};

export class DynamoDbMultipartUploadRecords implements MultipartUploadRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: MultipartUploadRecord): Promise<void> {
    const { videoId, expiresAtEpochSeconds, ...fields } = record;
    const item: MultipartUploadItem = {
      id: multipartUploadKey(videoId),
      ...fields,
      [EXPIRY_ATTRIBUTE]: expiresAtEpochSeconds,
    };
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
    );
  }

  async get(videoId: string): Promise<MultipartUploadRecord | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id: multipartUploadKey(videoId) }, ConsistentRead: true }),
    );
    if (!Item) return null;
    const { id: _id, [EXPIRY_ATTRIBUTE]: expiresAtEpochSeconds, ...fields } = Item as MultipartUploadItem;
    return { videoId, ...fields, expiresAtEpochSeconds };
  }

  async delete(videoId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { id: multipartUploadKey(videoId) } }));
  }
}
