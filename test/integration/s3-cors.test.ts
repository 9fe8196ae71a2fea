// CORS on the product's buckets, from terraform/buckets.json: preflights answered or refused as S3
// answers them, and the Access-Control-* headers on real requests (error answers included).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadBucketDefinitions, startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';
import { errorCode } from '../support/s3-requests';

const credentials = { accessKeyId: 'AKIALOCALCORSTEST001', secretAccessKey: 'cors-secret' };
const APP = 'http://app.example';

describe('S3 CORS from the shared bucket definitions', () => {
  let dataDir: string;
  let s3: S3Emulator;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-cors-'));
    s3 = await startS3({
      port: 0,
      dataDir,
      credentials,
      buckets: [
        ...loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, [APP]),
        { name: 'plain', access: 'private' },
      ],
    });
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(
      new PutObjectCommand({
        Bucket: 'playback',
        Key: 'v/index.m3u8',
        Body: '#EXTM3U',
        ContentType: 'application/vnd.apple.mpegurl',
      }),
    );
    client.destroy();
  });
  afterAll(async () => {
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const preflight = (resource: string, origin: string | undefined, method: string, headers = '') =>
    fetch(`${s3.endpoint}${resource}`, {
      method: 'OPTIONS',
      headers: {
        ...(origin ? { origin } : {}),
        'access-control-request-method': method,
        ...(headers ? { 'access-control-request-headers': headers } : {}),
      },
    });

  test('the web app may POST uploads to the raw bucket and PUT parts: its origin echoed, credentials allowed, ETag exposed', async () => {
    const allowed = await preflight('/raw', APP, 'POST', 'content-type,x-requested-with');
    expect(allowed.status).toBe(200);
    expect(
      Object.fromEntries(
        [...allowed.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
      ),
    ).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'POST, PUT',
      'access-control-allow-headers': 'content-type, x-requested-with',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'ETag, Location',
      'access-control-max-age': '3000',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    // A part's PUT to its presigned URL (a multipart upload's): allowed, and its answer's ETag readable.
    const part = await preflight('/raw/01JB8Z6Q3M4N5P6R7S8T9V0W1X?partNumber=1&uploadId=u', APP, 'PUT', 'content-type');
    expect(part.status).toBe(200);
    expect(part.headers.get('access-control-allow-origin')).toBe(APP);
    const answer = await fetch(`${s3.endpoint}/raw/01JB8Z6Q3M4N5P6R7S8T9V0W1X?partNumber=1&uploadId=u`, {
      method: 'PUT',
      headers: { origin: APP },
      body: 'part',
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-expose-headers')).toBe('ETag, Location');
  });

  test('other origins and methods are refused with 403, as S3 refuses them', async () => {
    for (const [origin, method] of [
      ['http://evil.example', 'POST'],
      [APP, 'DELETE'],
      [APP, 'GET'],
    ] as const) {
      const refused = await preflight('/raw', origin, method);
      const body = await refused.text();
      expect({ origin, method, status: refused.status, code: errorCode(body) }).toEqual({
        origin,
        method,
        status: 403,
        code: 'AccessForbidden',
      });
      expect(body).toContain('CORSResponse: This CORS request is not allowed.');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    const noCors = await preflight('/plain/x', APP, 'GET');
    expect({ status: noCors.status, body: await noCors.text() }).toMatchObject({
      status: 403,
      body: expect.stringContaining('CORSResponse: CORS is not enabled for this bucket.'),
    });
    const noOrigin = await preflight('/raw', undefined, 'POST');
    expect({ status: noOrigin.status, code: errorCode(await noOrigin.text()) }).toEqual({
      status: 400,
      code: 'BadRequest',
    });
  });

  test('anyone may read the playback bucket from a page: range requests preflight, Content-Range is exposed', async () => {
    const allowed = await preflight('/playback/v/index.m3u8', 'http://player.example', 'GET', 'range');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await preflight('/playback/v/index.m3u8', 'http://player.example', 'PUT')).status).toBe(403);

    const response = await fetch(`${s3.endpoint}/playback/v/index.m3u8`, {
      headers: { origin: 'http://player.example', range: 'bytes=0-2' },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe('Content-Length, Content-Range, ETag');
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  });

  test("CORS headers ride on error answers too, so the page can read S3's error; a foreign origin gets none", async () => {
    const refusedUpload = await fetch(`${s3.endpoint}/raw`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'text/plain' },
      body: 'not a form',
    });
    expect(refusedUpload.status).toBe(412);
    expect(refusedUpload.headers.get('access-control-allow-origin')).toBe(APP);
    expect(refusedUpload.headers.get('access-control-expose-headers')).toBe('ETag, Location');
    const foreign = await fetch(`${s3.endpoint}/raw`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // A GET without Origin still says the answer varies by Origin, so no cache hands it to a page.
    expect((await fetch(`${s3.endpoint}/playback/v/index.m3u8`)).headers.get('vary')).toContain('Origin');
  });
});
