import { UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { signUploadPart } from '../../../../../functions/lib/adapters/raw-multipart-uploads';
import { createS3Client, createS3PresigningClient } from '../../../../../functions/lib/clients';

// The part URLs the API hands out, signed offline (presigning sends nothing).

const ENV = { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4030' };
const upload = { bucket: 'videopipe-raw', videoId: '01JB8Z6Q3M4N5P6R7S8T9V0W1X', uploadId: 'upload-1' };
const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAUPLOADSPRESIGN01',
    AWS_SECRET_ACCESS_KEY: 'presign-secret',
  });
});
afterAll(() => {
  process.env = saved;
});

describe('signUploadPart', () => {
  test("signs the part's Content-Length and its number, and no checksum a browser could not send", async () => {
    const presigner = createS3PresigningClient(ENV);
    const url = new URL(
      await signUploadPart(presigner, upload, { partNumber: 3, size: 222_784, expiresInSeconds: 900 }),
    );
    expect(url.pathname).toBe(`/videopipe-raw/${upload.videoId}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      partNumber: '3',
      uploadId: 'upload-1',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'content-length;host',
      'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
    });
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    presigner.destroy();
  });

  test('why the presigner has flexible checksums off: the default client signs the CRC32 of an empty body', async () => {
    const s3 = createS3Client(ENV);
    const url = new URL(
      await getSignedUrl(
        s3,
        new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 1, ContentLength: 5 }),
        { expiresIn: 60 },
      ),
    );
    expect(url.searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    s3.destroy();
  });
});
