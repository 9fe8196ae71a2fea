import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadBucketDefinitions, startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';

const credentials = { accessKeyId: 'AKIALOCALCORSTEST001', secretAccessKey: 'cors-secret', accountId: '000000000000' };
const APP = 'http://app.example';

describe('S3 CORS from the shared bucket definitions', () => {
  let dataDir: string;
  let s3: S3Emulator;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-cors-'));
    s3 = await startS3({ port: 0, dataDir, credentials, buckets: loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, [APP]) });
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(new PutObjectCommand({ Bucket: 'playback', Key: 'v/index.m3u8', Body: '#EXTM3U' }));
    client.destroy();
  });
  afterAll(async () => {
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const preflight = (bucketPath: string, origin: string, method: string, headers = '') =>
    fetch(`${s3.endpoint}${bucketPath}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) } });

  test('the web app may POST uploads to the raw bucket; other origins and methods may not', async () => {
    const allowed = await preflight('/raw', APP, 'POST', 'content-type');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('ETag');
    expect((await preflight('/raw', 'http://evil.example', 'POST')).status).toBe(403);
    expect((await preflight('/raw', APP, 'DELETE')).status).toBe(403);
  });

  test('anyone may read the playback bucket from a browser, with range headers exposed', async () => {
    expect((await preflight('/playback/v/index.m3u8', 'http://player.example', 'GET', 'range')).status).toBe(200);
    const response = await fetch(`${s3.endpoint}/playback/v/index.m3u8`, { headers: { origin: 'http://player.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('Content-Range');
  });
});
