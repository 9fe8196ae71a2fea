import { createDocumentClient, createS3Client } from '../../../../functions/lib/clients';

describe('createS3Client', () => {
  test('uses path style only when an endpoint override points at a stand-in', async () => {
    expect(createS3Client({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4030' }).config.forcePathStyle).toBe(true);
    expect(createS3Client({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).config.forcePathStyle).toBe(true);
    // On AWS: virtual-hosted style, the SDK's default.
    expect(createS3Client({}).config.forcePathStyle).toBe(false);
  });
});

describe('createDocumentClient', () => {
  test('leaves undefined fields out of items instead of refusing them', () => {
    const documents = createDocumentClient();
    expect(documents.config.translateConfig?.marshallOptions?.removeUndefinedValues).toBe(true);
    documents.destroy();
  });
});
