import { createS3Client } from '../../../../functions/lib/s3-client';

describe('createS3Client', () => {
  test('uses path style only when an endpoint override points at a stand-in', async () => {
    expect(createS3Client({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4030' }).config.forcePathStyle).toBe(true);
    expect(createS3Client({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).config.forcePathStyle).toBe(true);
    // On AWS: virtual-hosted style, the SDK's default.
    expect(createS3Client({}).config.forcePathStyle).toBe(false);
  });
});
