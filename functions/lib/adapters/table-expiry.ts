/**
 * The videos table's TTL attribute (terraform/videos-table.json), in epoch seconds: DynamoDB
 * deletes an item past it within a few days (AWS says typically 48 hours), the local DynamoDB not
 * at all. The items that expire are the usage counters and the multipart upload records.
 */
export const EXPIRY_ATTRIBUTE = 'expiresAt';
