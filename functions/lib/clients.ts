import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StatusPublisher } from './ports/status-publisher';
import { createAppSyncStatusPublisher } from './publish-status';

// The clients the handlers make at module scope, once per execution environment, made the same
// way for every function. Region and credentials come from what Lambda sets (AWS_REGION, the
// role's keys); in the local cloud AWS_ENDPOINT_URL_<SERVICE> points each SDK client at its
// stand-in, read by the SDK itself.

/**
 * Path-style addressing (`/<bucket>/<key>`) only when an endpoint override points the SDK at a
 * stand-in (the local S3 serves one host for every bucket); on AWS, the virtual-hosted style S3
 * recommends, which presigned URLs and POST tickets then use too.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env, settings: S3ClientConfig = {}): S3Client {
  const endpointOverride = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return new S3Client({ ...settings, ...(endpointOverride ? { forcePathStyle: true } : {}) });
}

/**
 * For presigned URLs a browser or a script follows with nothing but the body: no flexible
 * checksums, which the SDK would otherwise add to an UploadPart URL as the CRC32 of the empty body
 * it presigns (x-amz-checksum-crc32=AAAAAA==), so that S3 refuses every real part with BadDigest.
 */
export function createS3PresigningClient(env: NodeJS.ProcessEnv = process.env): S3Client {
  return createS3Client(env, { requestChecksumCalculation: 'WHEN_REQUIRED' });
}

/** Items as plain objects; a field left undefined is left out of the item rather than refused. */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

export function createMediaConvertClient(): MediaConvertClient {
  return new MediaConvertClient({});
}

/** CloudFront's API is global: AWS_REGION only matters for signing at an endpoint override. */
export function createCloudFrontClient(): CloudFrontClient {
  return new CloudFrontClient({});
}

export function createSqsClient(): SQSClient {
  return new SQSClient({});
}

/** Status changes to the owner's subscriptions, through the API at `appsyncUrl`, signed as the function. */
export function createStatusPublisher(options: { appsyncUrl: string; region: string }): StatusPublisher {
  return createAppSyncStatusPublisher({
    url: options.appsyncUrl,
    region: options.region,
    credentials: defaultProvider(),
  });
}
