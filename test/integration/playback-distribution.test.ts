// The local playback distribution: the playback bucket behind CloudFront's response headers policy
// (terraform/response-headers-policies.json), as players reach it through playbackBaseUrl.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CACHING_OPTIMIZED_TTL, startCloudFrontApi, startPlaybackDistribution } from '../../local/cloudfront';
import type { LocalCloudFrontApi, PlaybackDistribution } from '../../local/cloudfront';
import { loadBucketDefinitions, startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';
import { testEndpoints } from '../support/endpoints';
import { errorCode } from '../support/s3-requests';
import { rawRequest } from '../support/raw-http';

const credentials = { accessKeyId: 'AKIALOCALCDNTEST0001', secretAccessKey: 'cdn-secret' };
const PLAYLIST = '#EXTM3U\n#EXT-X-VERSION:3\n';
const PAGE = 'http://player.example';
const EXPOSED = 'Content-Length, Content-Range, ETag';
const DISTRIBUTION_ID = 'ETESTPLAYBACK1';

describe('the playback distribution (local/cloudfront)', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let cdn: PlaybackDistribution;
  let api: LocalCloudFrontApi;
  let client: S3Client;
  let cloudfront: CloudFrontClient;
  /** The cache's clock: moved, never waited for. */
  let clock = Date.now();

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-cdn-'));
    s3 = await startS3({
      port: 0,
      dataDir,
      credentials,
      buckets: loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, ['*']),
    });
    cdn = await startPlaybackDistribution({
      port: 0,
      originUrl: `${s3.endpoint}/playback`,
      cache: { now: () => clock },
    });
    api = await startCloudFrontApi({
      port: 0,
      distributionId: DISTRIBUTION_ID,
      cache: cdn.cache,
      credentials: { ...credentials, accountId: '000000000000' },
    });
    cloudfront = new CloudFrontClient({ endpoint: api.endpoint, region: 'us-east-1', credentials });
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(
      new PutObjectCommand({
        Bucket: 'playback',
        Key: 'v1/hls/index.m3u8',
        Body: PLAYLIST,
        ContentType: 'application/vnd.apple.mpegurl',
      }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: 'playback',
        Key: 'native-first/hls/index.m3u8',
        Body: PLAYLIST,
        ContentType: 'application/vnd.apple.mpegurl',
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: 'raw', Key: 'secret', Body: 'raw upload' }));
  });
  afterAll(async () => {
    client.destroy();
    cloudfront.destroy();
    await api.close();
    await cdn.close();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cors = (response: Response) =>
    Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));

  test("object keys are paths on its own address, as on the distribution's domain; a page gets Access-Control-Allow-Origin: *", async () => {
    const response = await fetch(`${cdn.url}/v1/hls/index.m3u8`, { headers: { origin: PAGE } });
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([
      200,
      'application/vnd.apple.mpegurl',
      PLAYLIST,
    ]);
    expect(cors(response)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': EXPOSED,
    });
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test("a native HLS player's request (no Origin) and then hls.js's (Origin): the second gets the CORS headers whatever came first", async () => {
    // Prepare: what a Safari <video> without crossorigin sends, then what hls.js's XHR sends, which
    // gets the copy cached for the first (CachingOptimized does not key on Origin).
    const native = await fetch(`${cdn.url}/native-first/hls/index.m3u8`, { headers: { accept: '*/*' } });
    const hlsjs = await fetch(`${cdn.url}/native-first/hls/index.m3u8`, { headers: { origin: PAGE } });
    expect([native.headers.get('x-cache'), hlsjs.headers.get('x-cache')]).toEqual([
      'Miss from cloudfront',
      'Hit from cloudfront',
    ]);

    // Assess: a request that is not a CORS request gets what S3 sends it (Vary: Origin, no
    // Access-Control-* headers), as on CloudFront, whose policy adds CORS headers for CORS requests.
    expect([native.status, await native.text()]).toEqual([200, PLAYLIST]);
    expect(cors(native)).toEqual({});
    expect(native.headers.get('vary')).toContain('Origin');
    expect([hlsjs.status, hlsjs.headers.get('access-control-allow-origin'), await hlsjs.text()]).toEqual([
      200,
      '*',
      PLAYLIST,
    ]);
  });

  test('every answer to a page carries the header: ranges, revalidations, missing keys, HEAD', async () => {
    const range = await fetch(`${cdn.url}/v1/hls/index.m3u8`, { headers: { origin: PAGE, range: 'bytes=0-6' } });
    expect([
      range.status,
      range.headers.get('content-range'),
      range.headers.get('access-control-allow-origin'),
      await range.text(),
    ]).toEqual([206, `bytes 0-6/${PLAYLIST.length}`, '*', '#EXTM3U']);

    const etag = range.headers.get('etag') as string;
    const revalidated = await fetch(`${cdn.url}/v1/hls/index.m3u8`, {
      headers: { origin: PAGE, 'if-none-match': etag },
    });
    expect([revalidated.status, revalidated.headers.get('access-control-allow-origin')]).toEqual([304, '*']);

    const head = await fetch(`${cdn.url}/v1/hls/index.m3u8`, { method: 'HEAD', headers: { origin: PAGE } });
    expect([head.status, head.headers.get('content-length'), head.headers.get('access-control-allow-origin')]).toEqual([
      200,
      String(PLAYLIST.length),
      '*',
    ]);

    // A missing segment: S3's 403 (the bucket is not listable, as on AWS), readable by the page.
    const missing = await fetch(`${cdn.url}/v1/hls/index_720p_00099.ts`, { headers: { origin: PAGE } });
    expect([
      missing.status,
      errorCode(await missing.text()),
      missing.headers.get('access-control-allow-origin'),
    ]).toEqual([403, 'AccessDenied', '*']);
  });

  test('a preflight is answered from the policy (and S3 sees the Origin it needs for it)', async () => {
    const preflight = await fetch(`${cdn.url}/v1/hls/index.m3u8`, {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    expect(preflight.status).toBe(200);
    expect(cors(preflight)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': '*',
      'access-control-expose-headers': EXPOSED,
      'access-control-max-age': '3000',
    });
  });

  test("only the playback bucket's objects, only to read: no listing, no writes, no way into another bucket, no query string to S3", async () => {
    const listing = await fetch(`${cdn.url}/`, { headers: { origin: PAGE } });
    expect([listing.status, errorCode(await listing.text())]).toEqual([403, 'AccessDenied']);
    const listingByQuery = await fetch(`${cdn.url}/?list-type=2`);
    expect(listingByQuery.status).toBe(403);
    for (const method of ['PUT', 'POST', 'DELETE']) {
      const refused = await fetch(`${cdn.url}/v1/hls/index.m3u8`, { method, body: 'x' });
      expect({ method, status: refused.status }).toEqual({ method, status: 403 });
    }
    for (const attempt of ['/../raw/secret', '/%2e%2e/raw/secret', '/v1/../../raw/secret']) {
      const response = await rawRequest(cdn.url, 'GET', attempt);
      expect({ attempt, leaked: response.body.includes('raw upload') }).toEqual({ attempt, leaked: false });
    }
    // Response overrides are query parameters: CloudFront does not forward them to S3.
    const overridden = await fetch(`${cdn.url}/v1/hls/index.m3u8?response-content-type=text/html`);
    expect([overridden.status, overridden.headers.get('content-type')]).toEqual([200, 'application/vnd.apple.mpegurl']);
  });

  describe('its cache (Managed-CachingOptimized)', () => {
    const put = (key: string, body: string) =>
      client.send(new PutObjectCommand({ Bucket: 'playback', Key: key, Body: body }));
    const remove = (key: string) => client.send(new DeleteObjectCommand({ Bucket: 'playback', Key: key }));
    const get = async (key: string) => {
      const response = await fetch(`${cdn.url}/${key}`, { headers: { origin: PAGE } });
      return [response.status, response.headers.get('x-cache'), await response.text()];
    };
    const invalidate = (reference: string, paths: string[]) =>
      cloudfront.send(
        new CreateInvalidationCommand({
          DistributionId: DISTRIBUTION_ID,
          InvalidationBatch: { CallerReference: reference, Paths: { Quantity: paths.length, Items: paths } },
        }),
      );

    test('a file once played is served from the cache after S3 lost it, until the default TTL (24 hours) has passed', async () => {
      // Prepare
      await put('ttl/hls/index.m3u8', PLAYLIST);
      expect(await get('ttl/hls/index.m3u8')).toEqual([200, 'Miss from cloudfront', PLAYLIST]);

      // Act
      await remove('ttl/hls/index.m3u8');
      const cached = await get('ttl/hls/index.m3u8');
      clock += CACHING_OPTIMIZED_TTL.defaultSeconds * 1000 - 1000;
      const stillCached = await get('ttl/hls/index.m3u8');
      clock += 1000;
      const expired = await get('ttl/hls/index.m3u8');

      // Assess: the cached copy carries the policy's CORS headers as a miss does; then S3's 403.
      expect(cached).toEqual([200, 'Hit from cloudfront', PLAYLIST]);
      expect(stillCached).toEqual([200, 'Hit from cloudfront', PLAYLIST]);
      expect([expired[0], expired[1], errorCode(String(expired[2]))]).toEqual([
        403,
        'Miss from cloudfront',
        'AccessDenied',
      ]);
    });

    test("CreateInvalidation drops what its paths match at once: '/<id>/*' every file below, an exact path itself only", async () => {
      // Prepare
      for (const key of [
        'gone/hls/index.m3u8',
        'gone/hls/index_240p_00001.ts',
        'kept/hls/index.m3u8',
        'exact/a.ts',
        'exact/ab.ts',
      ])
        await put(key, key);
      for (const key of [
        'gone/hls/index.m3u8',
        'gone/hls/index_240p_00001.ts',
        'kept/hls/index.m3u8',
        'exact/a.ts',
        'exact/ab.ts',
      ])
        await get(key);
      for (const key of ['gone/hls/index.m3u8', 'gone/hls/index_240p_00001.ts', 'exact/a.ts', 'exact/ab.ts'])
        await remove(key);

      // Act
      const made = await invalidate('delete-gone', ['/gone/*', '/exact/a.ts']);

      // Assess
      expect(made.Invalidation).toMatchObject({
        Status: 'Completed',
        InvalidationBatch: { CallerReference: 'delete-gone' },
      });
      expect(made.Location).toBe(
        `https://cloudfront.amazonaws.com/2020-05-31/distribution/${DISTRIBUTION_ID}/invalidation/${made.Invalidation?.Id}`,
      );
      expect((await get('gone/hls/index.m3u8')).slice(0, 2)).toEqual([403, 'Miss from cloudfront']);
      expect((await get('gone/hls/index_240p_00001.ts')).slice(0, 2)).toEqual([403, 'Miss from cloudfront']);
      expect((await get('exact/a.ts')).slice(0, 2)).toEqual([403, 'Miss from cloudfront']);
      expect(await get('exact/ab.ts')).toEqual([200, 'Hit from cloudfront', 'exact/ab.ts']);
      expect(await get('kept/hls/index.m3u8')).toEqual([200, 'Hit from cloudfront', 'kept/hls/index.m3u8']);
    });

    test('the same caller reference gives the same invalidation back; other paths under it, a bad path or another distribution are refused', async () => {
      const first = await invalidate('once', ['/once/*']);
      const again = await invalidate('once', ['/once/*']);
      expect(again.Invalidation?.Id).toBe(first.Invalidation?.Id);
      await expect(invalidate('once', ['/other/*'])).rejects.toMatchObject({ name: 'InvalidationBatchAlreadyExists' });
      await expect(invalidate('mid-wildcard', ['/a*/b'])).rejects.toMatchObject({ name: 'InvalidArgument' });
      await expect(invalidate('relative', ['a/b'])).rejects.toMatchObject({ name: 'InvalidArgument' });
      await expect(
        cloudfront.send(
          new CreateInvalidationCommand({
            DistributionId: 'ENOSUCHDIST000',
            InvalidationBatch: { CallerReference: 'x', Paths: { Quantity: 1, Items: ['/x/*'] } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'NoSuchDistribution', $metadata: { httpStatusCode: 404 } });
      const stranger = new CloudFrontClient({
        endpoint: api.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
      });
      await expect(
        stranger.send(
          new CreateInvalidationCommand({
            DistributionId: DISTRIBUTION_ID,
            InvalidationBatch: { CallerReference: 'y', Paths: { Quantity: 1, Items: ['/x/*'] } },
          }),
        ),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      stranger.destroy();
    });
  });
});

describe('the playback distribution in the running local cloud', () => {
  const cloud = testEndpoints();

  test('playbackBaseUrl is the distribution in front of the playback bucket, not the bucket itself', async () => {
    expect(cloud.playbackBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cloud.playbackBaseUrl.startsWith(cloud.s3Endpoint)).toBe(false);
    const response = await fetch(`${cloud.playbackBaseUrl}/no-such-video/hls/index.m3u8`, {
      headers: { origin: 'http://127.0.0.1:4100' },
    });
    expect([response.status >= 400, response.headers.get('access-control-allow-origin')]).toEqual([true, '*']);
  });
});
