// The local cloud's web app: the built client served as CloudFront serves it on AWS (routed by the
// web distribution's own viewer-request function, so SPA routes get index.html; hashed assets are
// immutable; missing files are S3's 404), /config.json from the endpoints, and nothing outside the
// build's directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ClientConfig } from '../../common/client-config';
import type { Endpoints } from '../../local/endpoints';
import { buildLocalClientConfig, NOT_BUILT_SENTENCE, startWebServer } from '../../local/web';
import type { WebServer } from '../../local/web';
import { DEFAULT_UPLOAD_LIMITS } from '../../common/constants/upload-limits';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { rawRequest } from '../support/raw-http';
import { createUser } from '../support/users';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-abc.js"></script></body></html>';
const APP_JS = 'console.log("videopipe");';
/** A bundle big enough for CloudFront to compress (1,000 bytes and more). */
const VENDOR_JS = 'export function render(view) { return view.toString(); }\n'.repeat(200);

/** A GET with exactly these request headers (fetch() would add Accept-Encoding and decode the body itself). */
function getRaw(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}
const SECRET = '{"name":"outside-the-web-root"}';

const endpoints: Endpoints = {
  region: 'us-east-1',
  webUrl: 'http://127.0.0.1:4100',
  graphqlUrl: 'http://127.0.0.1:4000/graphql',
  realtimeUrl: 'ws://127.0.0.1:4000/graphql/realtime',
  graphqlHttpsUrl: 'https://127.0.0.1:4001/graphql',
  realtimeWssUrl: 'wss://127.0.0.1:4001/graphql/realtime',
  caCertificateFile: '/tmp/local-tls.crt',
  apiKey: 'da2-webservertest000000000000',
  appsyncEndpoint: 'http://127.0.0.1:4000',
  userPoolId: 'us-east-1_WebTest01',
  userPoolClientId: 'webtestclient0000000000000',
  cognitoEndpoint: 'http://127.0.0.1:4010',
  dynamodbEndpoint: 'http://127.0.0.1:4020',
  s3Endpoint: 'http://127.0.0.1:4030',
  sqsEndpoint: 'http://127.0.0.1:4040',
  mediaconvertEndpoint: 'http://127.0.0.1:4050',
  rawBucket: 'videopipe-raw',
  playbackBucket: 'videopipe-playback',
  playbackBaseUrl: 'http://127.0.0.1:4060',
  cloudfrontEndpoint: 'http://127.0.0.1:4070',
  playbackDistributionId: 'ELOCALPLAYBACK',
  accessKeyId: 'AKIAWEBSERVERTEST001',
  secretAccessKey: 'web-server-test-secret',
  roles: {},
};

describe('the web app (local/web)', () => {
  let dir: string;
  let root: string;
  let web: WebServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-web-'));
    root = path.join(dir, 'client');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), INDEX);
    writeFileSync(path.join(root, 'assets', 'app-abc.js'), APP_JS);
    writeFileSync(path.join(root, 'assets', 'vendor-def.js'), VENDOR_JS);
    writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // A file without an extension: CloudFront's function routes its path to index.html all the same.
    writeFileSync(path.join(root, 'LICENSE'), 'license text');
    // What a traversal would reach: the web root's parent, like the repo's own package.json.
    writeFileSync(path.join(dir, 'package.json'), SECRET);
    web = await startWebServer({
      port: 0,
      root,
      clientConfig: () => buildLocalClientConfig(endpoints, DEFAULT_UPLOAD_LIMITS),
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the app and its routes get index.html, revalidated on every load, with security headers', async () => {
    for (const route of ['/', '/watch/01ABC', '/watch/01ABC?t=30', '/my-videos', '/my-videos/', '/index.html']) {
      const response = await fetch(`${web.url}${route}`);
      expect({
        route,
        status: response.status,
        type: response.headers.get('content-type'),
        cache: response.headers.get('cache-control'),
        body: await response.text(),
      }).toEqual({
        route,
        status: 200,
        type: 'text/html; charset=utf-8',
        cache: 'no-cache',
        body: INDEX,
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  test('hashed assets are JavaScript cached for good; other files by their type; a missing file is a 404', async () => {
    const asset = await fetch(`${web.url}/assets/app-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe(APP_JS);

    const icon = await fetch(`${web.url}/favicon.svg`);
    expect([icon.status, icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([
      200,
      'image/svg+xml',
      'no-cache',
    ]);

    for (const missing of ['/assets/missing.js', '/assets/missing.js?v=2', '/robots.txt', '/watch/01ABC/poster.png']) {
      const response = await fetch(`${web.url}${missing}`);
      const body = await response.text();
      // What S3 answers CloudFront for a missing key when CloudFront may list the bucket.
      expect({ missing, status: response.status, type: response.headers.get('content-type') }).toEqual({
        missing,
        status: 404,
        type: 'application/xml',
      });
      expect(body).toContain('<Code>NoSuchKey</Code>');
      expect(body).not.toContain('<div id="root">');
    }
  });

  test("routing is the CloudFront function's: a path without an extension is the app even when such a file exists", async () => {
    const response = await fetch(`${web.url}/LICENSE`);
    expect([response.status, await response.text()]).toEqual([200, INDEX]);
  });

  test('HEAD answers the headers alone; a repeated GET with the ETag is a 304', async () => {
    const head = await fetch(`${web.url}/assets/app-abc.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(APP_JS)));
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag') as string;
    const again = await fetch(`${web.url}/assets/app-abc.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  test('as CloudFront compresses them: Gzip to a browser (which asks for Brotli over HTTPS only), whole to a client that takes none, small files as they are', async () => {
    const url = `${web.url}/assets/vendor-def.js`;
    const gzipped = await getRaw(url, { 'accept-encoding': 'gzip, deflate' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(gzipped.body.length).toBeLessThan(Buffer.byteLength(VENDOR_JS) / 10);
    expect(gunzipSync(gzipped.body).toString()).toBe(VENDOR_JS);
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The same bytes again, and the ETag (weak, as CloudFront makes a compressed answer's) still revalidates it.
    expect((await getRaw(url, { 'accept-encoding': 'gzip' })).body.equals(gzipped.body)).toBe(true);
    const etag = gzipped.headers.etag as string;
    expect(etag).toMatch(/^W\//);
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const whole = await getRaw(url, {});
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(whole.body.toString()).toBe(VENDOR_JS);
    const small = await getRaw(`${web.url}/assets/app-abc.js`, { 'accept-encoding': 'gzip' });
    expect([small.headers['content-encoding'], small.body.toString()]).toEqual([undefined, APP_JS]);
    // fetch() asks for it compressed and hands back the text.
    expect(await (await fetch(url)).text()).toBe(VENDOR_JS);
  });

  test('/config.json is the client config of the endpoints, never cached, and carries no secrets', async () => {
    const response = await fetch(`${web.url}/config.json?cache-bust=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(buildLocalClientConfig(endpoints, DEFAULT_UPLOAD_LIMITS));
    expect(JSON.parse(text)).toEqual({
      region: 'us-east-1',
      graphqlUrl: 'http://127.0.0.1:4000/graphql',
      realtimeUrl: 'ws://127.0.0.1:4000/graphql/realtime',
      apiKey: endpoints.apiKey,
      userPoolId: endpoints.userPoolId,
      userPoolClientId: endpoints.userPoolClientId,
      userPoolEndpoint: 'http://127.0.0.1:4010',
      codesInServerLog: true,
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 3,
      },
      playbackBaseUrl: 'http://127.0.0.1:4060',
      maxUploadBytes: 100_000_000,
      maxMultipartUploadBytes: 5 * 1024 ** 3,
    });
    for (const secret of ['accessKeyId', 'secretAccessKey', endpoints.accessKeyId, endpoints.secretAccessKey])
      expect(text).not.toContain(secret);
  });

  test('no path leaves the web root, however it is spelled', async () => {
    for (const attempt of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/../../package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/..%5cpackage.json',
      '/%00/package.json',
    ]) {
      const response = await rawRequest(web.url, 'GET', attempt);
      expect({ attempt, leaked: response.body.includes('outside-the-web-root') }).toEqual({ attempt, leaked: false });
      expect({ attempt, refused: [403, 404].includes(response.status) }).toEqual({ attempt, refused: true });
    }
  });

  test('only GET and HEAD: other methods are 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await fetch(`${web.url}/`, { method });
      expect({ method, status: response.status, allow: response.headers.get('allow') }).toEqual({
        method,
        status: 405,
        allow: 'GET, HEAD',
      });
    }
  });

  test('before the client is built, every page says how to build it (503), and config.json still answers', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'videopipe-web-empty-'));
    const unbuilt = await startWebServer({
      port: 0,
      root: path.join(empty, 'client'),
      clientConfig: () => buildLocalClientConfig(endpoints, DEFAULT_UPLOAD_LIMITS),
    });
    try {
      for (const route of ['/', '/watch/01ABC', '/assets/app-abc.js']) {
        const response = await fetch(`${unbuilt.url}${route}`);
        expect({ route, status: response.status, type: response.headers.get('content-type') }).toEqual({
          route,
          status: 503,
          type: 'text/html; charset=utf-8',
        });
        expect(await response.text()).toContain(NOT_BUILT_SENTENCE);
      }
      expect(NOT_BUILT_SENTENCE).toBe('The web client is not built: run npm run build');
      expect((await fetch(`${unbuilt.url}/config.json`)).status).toBe(200);
      // Built while running: served at once, no restart.
      mkdirSync(path.join(empty, 'client'));
      writeFileSync(path.join(empty, 'client', 'index.html'), INDEX);
      expect(await (await fetch(`${unbuilt.url}/my-videos`)).text()).toBe(INDEX);
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('a taken port stops the start with the same sentence as the other services', async () => {
    const port = Number(new URL(web.url).port);
    await expect(
      startWebServer({ port, root, clientConfig: () => buildLocalClientConfig(endpoints, DEFAULT_UPLOAD_LIMITS) }),
    ).rejects.toThrow(
      `Web app cannot listen on port ${port}: it is already in use. Stop what uses it, or choose another port (see README, "Ports").`,
    );
  });
});

describe('the web app in the running local cloud', () => {
  const cloud = testEndpoints();

  test("endpoints.json names it, and its /config.json points at this cloud with the upload ticket's limit", async () => {
    expect(cloud.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${cloud.webUrl}/config.json`);
    expect(response.status).toBe(200);
    const config = (await response.json()) as ClientConfig;
    expect(config).toEqual(buildLocalClientConfig(cloud, DEFAULT_UPLOAD_LIMITS));
    expect(config).toMatchObject({
      graphqlUrl: cloud.graphqlUrl,
      realtimeUrl: cloud.realtimeUrl,
      userPoolEndpoint: cloud.cognitoEndpoint,
    });

    const user = await createUser(cloud, 'web-config');
    const ticket = await graphql(
      cloud,
      { mode: 'userPool', token: user.idToken },
      'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { maxBytes } }',
      {
        input: { contentType: 'video/mp4', size: 10 },
      },
    );
    expect(ticket.data?.createUploadUrl.maxBytes).toBe(config.maxUploadBytes);
  });
});
