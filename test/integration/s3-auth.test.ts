// Who may do what on the local S3: SigV4 headers, presigned URLs, anonymous reads of the public
// bucket, and every payload mode SDK v3 sends (signed hash, UNSIGNED-PAYLOAD, aws-chunked).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  ChecksumAlgorithm,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3 } from '../../local/s3';
import type { S3Emulator } from '../../local/s3';
import { computeChecksum } from '../../local/s3/checksums';
import {
  errorCode,
  rawRequest,
  sha256Hex,
  signatureOf,
  signedChunkedBody,
  signingKey,
  signRequest,
} from '../support/s3-requests';

const credentials = { accessKeyId: 'AKIALOCALAUTHTEST001', secretAccessKey: 'auth-secret' };

describe('local S3 authentication', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let client: S3Client;
  const clients: S3Client[] = [];
  const makeClient = (overrides: Partial<ConstructorParameters<typeof S3Client>[0]> = {}) => {
    const made = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      ...overrides,
    });
    clients.push(made);
    return made;
  };
  const keys = async (bucket: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((object) => object.Key!);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-s3-auth-'));
    s3 = await startS3({
      port: 0,
      dataDir,
      credentials,
      buckets: [
        { name: 'raw', access: 'private' },
        { name: 'playback', access: 'public-read' },
      ],
    });
    client = makeClient();
    await client.send(
      new PutObjectCommand({ Bucket: 'raw', Key: 'secret.mp4', Body: 'private bytes', ContentType: 'video/mp4' }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: 'playback',
        Key: 'v/index.m3u8',
        Body: '#EXTM3U',
        ContentType: 'application/vnd.apple.mpegurl',
      }),
    );
  });
  afterAll(async () => {
    for (const made of clients) made.destroy();
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('unsigned requests to the private bucket are refused: read, write and list', async () => {
    for (const [method, url] of [
      ['GET', `${s3.endpoint}/raw/secret.mp4`],
      ['PUT', `${s3.endpoint}/raw/planted.mp4`],
      ['GET', `${s3.endpoint}/raw?list-type=2`],
      ['DELETE', `${s3.endpoint}/raw/secret.mp4`],
      ['GET', `${s3.endpoint}/`],
    ] as const) {
      const response = await rawRequest(url, { method, body: method === 'PUT' ? 'x' : undefined });
      expect({ method, url, status: response.status, code: errorCode(response.body) }).toEqual({
        method,
        url,
        status: 403,
        code: 'AccessDenied',
      });
    }
    expect(await keys('raw')).toEqual(['secret.mp4']);
  });

  test('a signature made with another secret is SignatureDoesNotMatch, showing what S3 signed', async () => {
    const stranger = makeClient({ credentials: { ...credentials, secretAccessKey: 'wrong' } });
    await expect(stranger.send(new GetObjectCommand({ Bucket: 'raw', Key: 'secret.mp4' }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    const url = `${s3.endpoint}/raw/secret.mp4`;
    const headers = await signRequest({
      url,
      method: 'GET',
      credentials: { ...credentials, secretAccessKey: 'wrong' },
      headers: { 'x-amz-content-sha256': sha256Hex('') },
    });
    const response = await rawRequest(url, { method: 'GET', headers });
    expect(response.body).toContain('<StringToSign>AWS4-HMAC-SHA256\n');
    expect(response.body).toContain('<CanonicalRequest>GET\n/raw/secret.mp4\n');
  });

  test('an unknown access key is InvalidAccessKeyId; another region is AuthorizationHeaderMalformed', async () => {
    const unknown = makeClient({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' } });
    await expect(unknown.send(new GetObjectCommand({ Bucket: 'raw', Key: 'secret.mp4' }))).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
    const elsewhere = makeClient({ region: 'eu-west-1' });
    await expect(elsewhere.send(new GetObjectCommand({ Bucket: 'raw', Key: 'secret.mp4' }))).rejects.toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('a request signed 20 minutes ago is RequestTimeTooSkewed', async () => {
    const url = `${s3.endpoint}/raw/secret.mp4`;
    const headers = await signRequest({
      url,
      method: 'GET',
      credentials,
      headers: { 'x-amz-content-sha256': sha256Hex('') },
      signingDate: new Date(Date.now() - 20 * 60 * 1000),
    });
    const response = await rawRequest(url, { method: 'GET', headers });
    expect({ status: response.status, code: errorCode(response.body) }).toEqual({
      status: 403,
      code: 'RequestTimeTooSkewed',
    });
  });

  test('changing a signed request after signing is refused, and stores nothing', async () => {
    const url = `${s3.endpoint}/raw/tampered.mp4`;
    const body = 'the signed body';
    const headers = await signRequest({
      url,
      method: 'PUT',
      credentials,
      headers: {
        'x-amz-content-sha256': sha256Hex(body),
        'content-type': 'video/mp4',
        'content-length': String(body.length),
      },
    });
    // Another body under the same signed hash.
    const swapped = await rawRequest(url, { method: 'PUT', headers, body: 'an evil body!!!' });
    expect({ status: swapped.status, code: errorCode(swapped.body) }).toEqual({
      status: 400,
      code: 'XAmzContentSHA256Mismatch',
    });
    // A signed header changed.
    const retyped = await rawRequest(url, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'text/html' },
      body,
    });
    expect({ status: retyped.status, code: errorCode(retyped.body) }).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    // An x-amz-* header the signature does not cover.
    const planted = await rawRequest(url, {
      method: 'PUT',
      headers: { ...headers, 'x-amz-meta-user-id': 'mallory' },
      body,
    });
    expect({ status: planted.status, code: errorCode(planted.body) }).toEqual({ status: 403, code: 'AccessDenied' });
    expect(planted.body).toContain('<HeadersNotSigned>x-amz-meta-user-id</HeadersNotSigned>');
    expect(await keys('raw')).toEqual(['secret.mp4']);
    // The untouched request goes through.
    expect((await rawRequest(url, { method: 'PUT', headers, body })).status).toBe(200);
    await rawRequest(url, {
      method: 'DELETE',
      headers: await signRequest({
        url,
        method: 'DELETE',
        credentials,
        headers: { 'x-amz-content-sha256': sha256Hex('') },
      }),
    });
  });

  test('a presigned GET works until it expires, and never once tampered with', async () => {
    // Tampering is judged on a URL with time to spare, so a slow machine cannot turn it into expiry.
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: 'raw', Key: 'secret.mp4', ResponseContentType: 'video/x-override' }),
      { expiresIn: 60 },
    );
    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe('video/x-override');
    expect(await fresh.text()).toBe('private bytes');
    const flipped = url.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
    );
    const tampered = await fetch(flipped);
    expect({ status: tampered.status, code: errorCode(await tampered.text()) }).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const otherKey = await fetch(url.replace('/raw/secret.mp4', '/raw/other.mp4'));
    expect(errorCode(await otherKey.text())).toBe('SignatureDoesNotMatch');
    const retyped = await fetch(url.replace('video%2Fx-override', 'text%2Fhtml'));
    expect(errorCode(await retyped.text())).toBe('SignatureDoesNotMatch');

    // Expiry counts from the signing date: signed 30 s ago, a URL for 60 s still works; one for 29 s is over.
    const signedAgo = (expiresIn: number) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket: 'raw', Key: 'secret.mp4' }), {
        expiresIn,
        signingDate: new Date(Date.now() - 30_000),
      });
    expect((await fetch(await signedAgo(60))).status).toBe(200);
    const expired = await fetch(await signedAgo(29));
    const text = await expired.text();
    expect({ status: expired.status, code: errorCode(text) }).toEqual({ status: 403, code: 'AccessDenied' });
    expect(text).toContain('<Message>Request has expired</Message>');
  });

  test('presigned URL limits: at most a week, one auth mechanism, and the range S3 says', async () => {
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'raw', Key: 'secret.mp4' }), {
      expiresIn: 60,
    });
    const tooLong = await fetch(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801'));
    expect({ status: tooLong.status, code: errorCode(await tooLong.text()) }).toEqual({
      status: 400,
      code: 'AuthorizationQueryParametersError',
    });
    const both = await rawRequest(url, { method: 'GET', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } });
    expect({ status: both.status, code: errorCode(both.body) }).toEqual({ status: 400, code: 'InvalidArgument' });
    const ranged = await fetch(url, { headers: { range: 'bytes=0-6' } });
    expect({ status: ranged.status, body: await ranged.text() }).toEqual({ status: 206, body: 'private' });
  });

  test("a presigned PUT stores the metadata it was signed with; the SDK's default empty-body CRC32 makes S3 refuse other bodies", async () => {
    const plain = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(
      plain,
      new PutObjectCommand({ Bucket: 'raw', Key: 'presigned-put.mp4', Metadata: { 'user-id': 'u7' } }),
      { expiresIn: 60 },
    );
    expect((await fetch(url, { method: 'PUT', body: 'uploaded' })).status).toBe(200);
    expect(await client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'presigned-put.mp4' }))).toMatchObject({
      ContentLength: 8,
      Metadata: { 'user-id': 'u7' },
    });
    // Someone holding the URL cannot swap in other metadata: unsigned x-amz-* headers are refused.
    const swapped = await fetch(url, { method: 'PUT', body: 'uploaded', headers: { 'x-amz-meta-user-id': 'mallory' } });
    expect(errorCode(await swapped.text())).toBe('AccessDenied');
    // With the SDK's defaults the URL carries the CRC32 of an empty body (aws-sdk-js-v3#6994).
    const defaults = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'raw', Key: 'presigned-crc.mp4' }), {
      expiresIn: 60,
    });
    expect(defaults).toContain('x-amz-checksum-crc32=AAAAAA%3D%3D');
    const refused = await fetch(defaults, { method: 'PUT', body: 'not empty' });
    expect({ status: refused.status, code: errorCode(await refused.text()) }).toEqual({
      status: 400,
      code: 'BadDigest',
    });
  });

  test('a presigned UploadPart URL signed for a Content-Length takes that many bytes and no other number (SignatureDoesNotMatch)', async () => {
    // Prepare: what the uploads Lambda signs (functions/lib/adapters/raw-multipart-uploads.ts).
    const plain = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'raw', Key: 'parts.mp4' }));
    const url = await getSignedUrl(
      plain,
      new UploadPartCommand({ Bucket: 'raw', Key: 'parts.mp4', UploadId, PartNumber: 1, ContentLength: 10 }),
      { expiresIn: 60 },
    );
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');

    // Act / Assess
    for (const body of ['0123456789A', '012345678', '']) {
      const refused = await fetch(url, { method: 'PUT', body });
      expect({ length: body.length, status: refused.status, code: errorCode(await refused.text()) }).toEqual({
        length: body.length,
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
    }
    expect(
      (await client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'parts.mp4', UploadId }))).Parts,
    ).toBeUndefined();
    const stored = await fetch(url, { method: 'PUT', body: '0123456789' });
    expect({ status: stored.status, etag: stored.headers.get('etag') }).toEqual({
      status: 200,
      etag: `"${createHash('md5').update('0123456789').digest('hex')}"`,
    });
    const { Parts } = await client.send(new ListPartsCommand({ Bucket: 'raw', Key: 'parts.mp4', UploadId }));
    expect(Parts?.map((part) => [part.PartNumber, part.Size])).toEqual([[1, 10]]);
  });

  test('Expect: 100-continue: a refused upload is answered before its body is sent; an accepted one is asked for it', async () => {
    const { request } = await import('node:http');
    const put = (url: string) =>
      new Promise<{ status: number; continued: boolean; sentBody: boolean }>((resolve, reject) => {
        let continued = false;
        let sentBody = false;
        const req = request(
          url,
          { method: 'PUT', headers: { expect: '100-continue', 'content-length': '5' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, continued, sentBody }));
          },
        );
        req.on('continue', () => {
          continued = true;
          sentBody = true;
          req.end('hello');
        });
        req.on('error', reject);
        req.flushHeaders();
      });
    expect(await put(`${s3.endpoint}/raw/refused.mp4`)).toEqual({ status: 403, continued: false, sentBody: false });
    const plain = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(plain, new PutObjectCommand({ Bucket: 'raw', Key: 'continued.mp4' }), {
      expiresIn: 60,
    });
    expect(await put(url)).toEqual({ status: 200, continued: true, sentBody: true });
    expect(
      await (
        await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'continued.mp4' }))
      ).Body!.transformToString(),
    ).toBe('hello');
  });

  test('the public bucket: anyone may GET and HEAD objects; nobody anonymous may write, list or override headers', async () => {
    const open = await fetch(`${s3.endpoint}/playback/v/index.m3u8`);
    expect({ status: open.status, type: open.headers.get('content-type'), body: await open.text() }).toEqual({
      status: 200,
      type: 'application/vnd.apple.mpegurl',
      body: '#EXTM3U',
    });
    expect((await fetch(`${s3.endpoint}/playback/v/index.m3u8`, { method: 'HEAD' })).status).toBe(200);
    const ranged = await fetch(`${s3.endpoint}/playback/v/index.m3u8`, { headers: { range: 'bytes=1-3' } });
    expect({ status: ranged.status, body: await ranged.text(), range: ranged.headers.get('content-range') }).toEqual({
      status: 206,
      body: 'EXT',
      range: 'bytes 1-3/7',
    });
    for (const [method, url, body] of [
      ['PUT', `${s3.endpoint}/playback/v/index.m3u8`, 'defaced'],
      ['DELETE', `${s3.endpoint}/playback/v/index.m3u8`, undefined],
      ['GET', `${s3.endpoint}/playback?list-type=2`, undefined],
      ['POST', `${s3.endpoint}/playback/v/index.m3u8?uploads=`, undefined],
    ] as const) {
      const response = await fetch(url, { method, body });
      expect({ method, url, status: response.status, code: errorCode(await response.text()) }).toEqual({
        method,
        url,
        status: 403,
        code: 'AccessDenied',
      });
    }
    // Without s3:ListBucket a missing key is 403, as on S3: anonymous readers learn nothing about what is absent.
    expect((await fetch(`${s3.endpoint}/playback/v/missing.ts`)).status).toBe(403);
    const override = await fetch(`${s3.endpoint}/playback/v/index.m3u8?response-content-type=text/html`);
    expect({ status: override.status, code: errorCode(await override.text()) }).toEqual({
      status: 400,
      code: 'InvalidRequest',
    });
    expect(
      await (
        await client.send(new GetObjectCommand({ Bucket: 'playback', Key: 'v/index.m3u8' }))
      ).Body!.transformToString(),
    ).toBe('#EXTM3U');
  });

  test('streaming PutObject with the real SDK: aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 3);
    const sent: Array<Record<string, string>> = [];
    const recording = makeClient();
    recording.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...((args.request as { headers: Record<string, string> }).headers ?? {}) });
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    const put = await recording.send(
      new PutObjectCommand({
        Bucket: 'raw',
        Key: 'streamed.mp4',
        Body: Readable.from([data.subarray(0, 1000000), data.subarray(1000000)]),
        ContentLength: data.length,
      }),
    );
    expect(sent[0]).toMatchObject({
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'aws-chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    });
    expect(put.ChecksumCRC32).toBe(computeChecksum('CRC32', data));
    // GetObject asks for the checksum (x-amz-checksum-mode) and the SDK checks the body against it.
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'raw', Key: 'streamed.mp4', ChecksumMode: 'ENABLED' }),
    );
    expect(got.ChecksumCRC32).toBe(computeChecksum('CRC32', data));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  test('other SDK payload modes: UNSIGNED-PAYLOAD, header checksums (SHA256, CRC32C), and a wrong checksum is BadDigest', async () => {
    const unsigned = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    await unsigned.send(
      new PutObjectCommand({
        Bucket: 'raw',
        Key: 'unsigned.mp4',
        Body: Readable.from([Buffer.from('no hash')]),
        ContentLength: 7,
      }),
    );
    expect(
      await (await client.send(new GetObjectCommand({ Bucket: 'raw', Key: 'unsigned.mp4' }))).Body!.transformToString(),
    ).toBe('no hash');
    for (const algorithm of [ChecksumAlgorithm.SHA256, ChecksumAlgorithm.CRC32C]) {
      const put = await client.send(
        new PutObjectCommand({
          Bucket: 'raw',
          Key: `sum-${algorithm}.bin`,
          Body: 'summed',
          ChecksumAlgorithm: algorithm,
        }),
      );
      expect(put.$metadata.httpStatusCode).toBe(200);
    }
    const url = `${s3.endpoint}/raw/bad-sum.bin`;
    const headers = await signRequest({
      url,
      method: 'PUT',
      credentials,
      headers: {
        'x-amz-content-sha256': sha256Hex('payload'),
        'x-amz-checksum-crc32': computeChecksum('CRC32', Buffer.from('another')),
        'content-length': '7',
      },
    });
    const bad = await rawRequest(url, { method: 'PUT', headers, body: 'payload' });
    expect({ status: bad.status, code: errorCode(bad.body) }).toEqual({ status: 400, code: 'BadDigest' });
    expect(bad.body).toContain('The CRC32 you specified did not match the calculated checksum.');
    expect(await keys('raw')).not.toContain('bad-sum.bin');
  });

  describe('signed aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), every chunk signature checked', () => {
    /** A header signRequest always sets: the signer's timestamp, its Authorization. */
    function signedHeader(headers: Record<string, string>, name: string): string {
      const value = headers[name];
      if (value === undefined) throw new Error(`signRequest returned no ${name} header.`);
      return value;
    }
    async function signedStream(
      key: string,
      data: Buffer,
      options: { trailer?: boolean; tamper?: (body: Buffer) => Buffer; chunkSize?: number } = {},
    ) {
      const url = `${s3.endpoint}/raw/${key}`;
      const trailers: Array<[string, string]> | undefined = options.trailer
        ? [['x-amz-checksum-crc32c', computeChecksum('CRC32C', data)]]
        : undefined;
      const chunkSize = options.chunkSize ?? 64 * 1024;
      const unsignedHeaders: Record<string, string> = {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': options.trailer
          ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
          : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'x-amz-decoded-content-length': String(data.length),
        'content-type': 'video/mp4',
        ...(options.trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32c' } : {}),
      };
      // The seed signature needs the encoded length; chunk signatures do not change it, so sign a draft first.
      const draftLength = signedChunkedBody({
        data,
        chunkSize,
        seedSignature: '0'.repeat(64),
        key: Buffer.alloc(32),
        amzDate: '',
        scope: '',
        trailers,
      }).length;
      const headers = await signRequest({
        url,
        method: 'PUT',
        credentials,
        headers: { ...unsignedHeaders, 'content-length': String(draftLength) },
      });
      const amzDate = signedHeader(headers, 'x-amz-date');
      let body = signedChunkedBody({
        data,
        chunkSize,
        seedSignature: signatureOf(signedHeader(headers, 'authorization')),
        key: signingKey(credentials.secretAccessKey, amzDate.slice(0, 8), 'us-east-1'),
        amzDate,
        scope: `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`,
        trailers,
      });
      if (options.tamper) body = options.tamper(body);
      return rawRequest(url, { method: 'PUT', headers, body });
    }

    test('a signed stream, with and without a signed CRC32C trailer, is stored whole', async () => {
      const data = Buffer.from(Array.from({ length: 200 * 1024 + 5 }, (_, i) => i % 251));
      expect((await signedStream('chunked.mp4', data)).status).toBe(200);
      expect((await signedStream('chunked-trailer.mp4', data, { trailer: true })).status).toBe(200);
      for (const key of ['chunked.mp4', 'chunked-trailer.mp4']) {
        const got = await client.send(new GetObjectCommand({ Bucket: 'raw', Key: key }));
        expect(got.ContentType).toBe('video/mp4');
        expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
      }
    });

    test('a changed chunk, a small middle chunk or a forged trailer is refused, and nothing is stored', async () => {
      const data = Buffer.alloc(150 * 1024, 9);
      const flipped = await signedStream('forged-chunk.mp4', data, {
        tamper: (body) => {
          const copy = Buffer.from(body);
          const at = copy.length - 500;
          copy.writeUInt8(copy.readUInt8(at) ^ 1, at);
          return copy;
        },
      });
      expect({ status: flipped.status, code: errorCode(flipped.body) }).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
      const small = await signedStream('small-chunks.mp4', data, { chunkSize: 4096 });
      expect({ status: small.status, code: errorCode(small.body) }).toEqual({
        status: 403,
        code: 'InvalidChunkSizeError',
      });
      const forgedTrailer = await signedStream('forged-trailer.mp4', data, {
        trailer: true,
        tamper: (body) =>
          Buffer.from(
            body
              .toString('latin1')
              .replace(
                /x-amz-checksum-crc32c:[^\r]+/,
                `x-amz-checksum-crc32c:${computeChecksum('CRC32C', Buffer.from('x'))}`,
              ),
            'latin1',
          ),
      });
      expect({ status: forgedTrailer.status, code: errorCode(forgedTrailer.body) }).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
      expect((await keys('raw')).filter((key) => key.startsWith('forged') || key.startsWith('small'))).toEqual([]);
    });
  });
});
