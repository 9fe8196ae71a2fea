import { DescribeEndpointsCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Endpoints } from '../../local/endpoints';
import { graphql } from './graphql-client';
import { RealtimeClient } from './realtime-client';

/**
 * One ordinary call to each stand-in of a running local cloud, through its public API, each
 * expected to succeed: what "the cloud is still up" means after hostile input.
 */
export async function expectEveryStandInAnswers(endpoints: Endpoints): Promise<void> {
  const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
  const aws = { region: endpoints.region, credentials };

  const feed = await graphql(endpoints, { mode: 'apiKey' }, 'query F { listVideos(limit: 1) { items { id } } }');
  expect(feed.errors).toBeUndefined();

  const socket = await RealtimeClient.connect(endpoints, { 'x-api-key': endpoints.apiKey });
  try {
    await socket.waitFor((message) => message.type === 'connection_ack');
  } finally {
    socket.close();
  }

  const jwks = await fetch(`${endpoints.cognitoEndpoint}/${endpoints.userPoolId}/.well-known/jwks.json`);
  expect(jwks.status).toBe(200);

  const dynamodb = new DynamoDBClient({ ...aws, endpoint: endpoints.dynamodbEndpoint });
  const s3 = new S3Client({ ...aws, endpoint: endpoints.s3Endpoint, forcePathStyle: true });
  const sqs = new SQSClient({ ...aws, endpoint: endpoints.sqsEndpoint });
  const mediaconvert = new MediaConvertClient({ ...aws, endpoint: endpoints.mediaconvertEndpoint });
  try {
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).toContain('videos');
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((bucket) => bucket.Name)).toContain(
      endpoints.rawBucket,
    );
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls?.length).toBeGreaterThan(0);
    expect((await mediaconvert.send(new DescribeEndpointsCommand({}))).Endpoints?.[0]?.Url).toBe(
      endpoints.mediaconvertEndpoint,
    );
  } finally {
    for (const client of [dynamodb, s3, sqs, mediaconvert]) client.destroy();
  }

  // A missing playback key is CloudFront's 403 from S3; the web app serves its config.
  expect((await fetch(`${endpoints.playbackBaseUrl}/no-such-video/hls/index.m3u8`)).status).toBe(403);
  expect((await fetch(`${endpoints.webUrl}/config.json`)).status).toBe(200);
}
