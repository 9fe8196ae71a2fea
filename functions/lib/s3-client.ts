import { S3Client } from '@aws-sdk/client-s3';

/**
 * The handlers' S3 client. Path-style addressing (`/<bucket>/<key>`) only when an endpoint override
 * points the SDK at a stand-in (the local S3 serves one host for every bucket); on AWS, the
 * virtual-hosted style S3 recommends, which presigned URLs and POST tickets then use too.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpointOverride = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return new S3Client(endpointOverride ? { forcePathStyle: true } : {});
}
