import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ChunkSigner, verifyS3Request } from '../../../../local/sigv4';
import { SignatureError, verifySigV4 } from '../../../../local/sigv4/verify';
import { LocalIam } from '../../../../local/iam';

const credentials = { accessKeyId: 'AKIALOCALTESTKEY0001', secretAccessKey: 'local-secret', accountId: '000000000000' };
const body = JSON.stringify({ query: 'mutation { x }' });

async function signedRequest(
  secretAccessKey = credentials.secretAccessKey,
  signingDate?: Date,
  scope = { region: 'us-east-1', service: 'appsync' },
) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey },
    region: scope.region,
    service: scope.service,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4000,
      path: '/graphql',
      headers: { 'content-type': 'application/json', host: '127.0.0.1:4000' },
      body,
    }),
    { signingDate },
  );
  return {
    method: 'POST',
    host: '127.0.0.1:4000',
    path: '/graphql',
    headers: signed.headers as Record<string, string>,
    body,
  };
}

describe('verifySigV4', () => {
  test('accepts a request the AWS SDK signer signed with the local credentials', async () => {
    await expect(verifySigV4(await signedRequest(), credentials)).resolves.toEqual({
      accessKeyId: credentials.accessKeyId,
      region: 'us-east-1',
      service: 'appsync',
      // A single key pair is the root identity: no policies, full access.
      principal: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        arn: 'arn:aws:iam::000000000000:user/videopipe-local',
      },
    });
  });

  test('with a directory of principals, finds the signer by access key and checks with its secret', async () => {
    const role = {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      arn: 'arn:aws:sts::000000000000:assumed-role/r/s',
      role: 'r',
      policies: [],
    };
    const directory = new LocalIam('000000000000', [role]);
    await expect(verifySigV4(await signedRequest(), directory)).resolves.toMatchObject({
      principal: { arn: role.arn, role: 'r' },
    });
    await expect(verifySigV4(await signedRequest(), new LocalIam('000000000000', []))).rejects.toMatchObject({
      code: 'UnrecognizedClientException',
    });
  });

  test('refuses a signature scoped to another service or region, as AWS does', async () => {
    const expected = { scope: { service: 'appsync', region: 'us-east-1' } };
    await expect(verifySigV4(await signedRequest(), credentials, expected)).resolves.toMatchObject({
      service: 'appsync',
    });
    await expect(
      verifySigV4(
        await signedRequest(undefined, undefined, { region: 'us-east-1', service: 's3' }),
        credentials,
        expected,
      ),
    ).rejects.toMatchObject({
      code: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'appsync'.",
    });
    await expect(
      verifySigV4(
        await signedRequest(undefined, undefined, { region: 'eu-west-1', service: 'appsync' }),
        credentials,
        expected,
      ),
    ).rejects.toMatchObject({
      code: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
  });

  test('refuses a signature made with another secret', async () => {
    await expect(verifySigV4(await signedRequest('another-secret'), credentials)).rejects.toMatchObject({
      code: 'InvalidSignatureException',
    });
  });

  test('refuses a body changed after signing', async () => {
    const request = await signedRequest();
    await expect(verifySigV4({ ...request, body: body.replace('x', 'y') }, credentials)).rejects.toBeInstanceOf(
      SignatureError,
    );
  });

  test('refuses an unknown access key', async () => {
    const request = await signedRequest();
    const other = { ...credentials, accessKeyId: 'AKIAOTHERKEY00000000' };
    await expect(verifySigV4(request, other)).rejects.toMatchObject({ code: 'UnrecognizedClientException' });
  });

  test('refuses a signature older than 15 minutes', async () => {
    const request = await signedRequest(credentials.secretAccessKey, new Date(Date.now() - 16 * 60 * 1000));
    await expect(verifySigV4(request, credentials)).rejects.toThrow(/Signature expired/);
  });

  test('refuses an Authorization header that is not SigV4', async () => {
    const request = await signedRequest();
    await expect(
      verifySigV4(
        { ...request, headers: { ...request.headers, authorization: 'AWS4-HMAC-SHA256 garbage' } },
        credentials,
      ),
    ).rejects.toMatchObject({
      code: 'IncompleteSignatureException',
    });
  });
});

// AWS's published S3 examples (Signature Version 4 pages of the S3 API reference): the same
// credentials, date and requests must verify here exactly as they do on S3.
describe("verifyS3Request (S3 flavour) against AWS's example requests", () => {
  const aws = {
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    region: 'us-east-1',
    now: new Date('2013-05-24T00:05:00Z'),
  };
  const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const host = 'examplebucket.s3.amazonaws.com';
  const authorization = (signedHeaders: string, signature: string) =>
    `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signedHeaders},Signature=${signature}`;
  const getObject = {
    method: 'GET',
    path: '/test.txt',
    query: '',
    headers: {
      host,
      range: 'bytes=0-9',
      'x-amz-content-sha256': empty,
      'x-amz-date': '20130524T000000Z',
      authorization: authorization(
        'host;range;x-amz-content-sha256;x-amz-date',
        'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      ),
    },
  };

  test('GET Object, PUT Object (an encoded key, a Date header), GET ?lifecycle and a listing query', () => {
    expect(verifyS3Request(getObject, aws)).toMatchObject({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      via: 'header',
      payload: { type: 'sha256', hash: empty },
    });
    const body = '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072';
    const put = {
      method: 'PUT',
      path: '/test%24file.text',
      query: '',
      headers: {
        host,
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': body,
        'x-amz-date': '20130524T000000Z',
        authorization: authorization(
          'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
          '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
        ),
      },
    };
    expect(verifyS3Request(put, aws)?.payload).toEqual({ type: 'sha256', hash: body });
    const bucketHeaders = (signature: string) => ({
      host,
      'x-amz-content-sha256': empty,
      'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;x-amz-content-sha256;x-amz-date', signature),
    });
    expect(
      verifyS3Request(
        {
          method: 'GET',
          path: '/',
          query: 'lifecycle',
          headers: bucketHeaders('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'),
        },
        aws,
      ),
    ).toBeDefined();
    expect(
      verifyS3Request(
        {
          method: 'GET',
          path: '/',
          query: 'max-keys=2&prefix=J',
          headers: bucketHeaders('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
        },
        aws,
      ),
    ).toBeDefined();
  });

  test('a presigned GET verifies for its day and no longer', () => {
    const presigned = {
      method: 'GET',
      path: '/test.txt',
      query:
        'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
      headers: { host },
    };
    expect(verifyS3Request(presigned, { ...aws, now: new Date('2013-05-24T23:59:59Z') })).toMatchObject({
      via: 'query',
      payload: { type: 'unsigned' },
    });
    expect(() => verifyS3Request(presigned, { ...aws, now: new Date('2013-05-25T00:00:01Z') })).toThrow(
      expect.objectContaining({ code: 'AccessDenied', message: 'Request has expired' }),
    );
    expect(() =>
      verifyS3Request(
        { ...presigned, query: presigned.query.replace('X-Amz-Expires=86400', 'X-Amz-Expires=86401') },
        aws,
      ),
    ).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
    expect(() => verifyS3Request({ ...presigned, path: '/other.txt' }, aws)).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch', status: 403 }),
    );
  });

  test("S3's refusals: wrong secret, unknown key, other region, unsigned x-amz-* header, skewed clock, bad payload header, anonymous", () => {
    expect(() =>
      verifyS3Request(getObject, { ...aws, credentials: { ...aws.credentials, secretAccessKey: 'other' } }),
    ).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
    expect(() =>
      verifyS3Request(getObject, { ...aws, credentials: { ...aws.credentials, accessKeyId: 'AKIAOTHER' } }),
    ).toThrow(expect.objectContaining({ code: 'InvalidAccessKeyId', status: 403 }));
    expect(() => verifyS3Request(getObject, { ...aws, region: 'eu-west-1' })).toThrow(
      expect.objectContaining({ code: 'AuthorizationHeaderMalformed', details: { Region: 'eu-west-1' } }),
    );
    expect(() =>
      verifyS3Request({ ...getObject, headers: { ...getObject.headers, 'x-amz-meta-owner': 'x' } }, aws),
    ).toThrow(expect.objectContaining({ code: 'AccessDenied', details: { HeadersNotSigned: 'x-amz-meta-owner' } }));
    expect(() => verifyS3Request(getObject, { ...aws, now: new Date('2013-05-24T00:16:00Z') })).toThrow(
      expect.objectContaining({ code: 'RequestTimeTooSkewed' }),
    );
    expect(() =>
      verifyS3Request({ ...getObject, headers: { ...getObject.headers, 'x-amz-content-sha256': 'nonsense' } }, aws),
    ).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    const { 'x-amz-content-sha256': _dropped, ...noPayload } = getObject.headers;
    expect(() => verifyS3Request({ ...getObject, headers: noPayload }, aws)).toThrow(
      expect.objectContaining({ code: 'InvalidRequest' }),
    );
    expect(() =>
      verifyS3Request(
        {
          ...getObject,
          headers: { ...getObject.headers, authorization: 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=' },
        },
        aws,
      ),
    ).toThrow(expect.objectContaining({ code: 'InvalidArgument', message: 'Unsupported Authorization Type' }));
    expect(verifyS3Request({ method: 'GET', path: '/test.txt', query: '', headers: { host } }, aws)).toBeUndefined();
  });

  test('a signed aws-chunked PUT: the seed signature verifies and yields the chunk signer (chunks in aws-chunked.test.ts)', () => {
    const request = {
      method: 'PUT',
      path: '/examplebucket/chunkObject.txt',
      query: '',
      headers: {
        host: 's3.amazonaws.com',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '66560',
        'content-length': '66824',
        authorization: authorization(
          'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
          '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
        ),
      },
    };
    const verified = verifyS3Request(request, aws);
    expect(verified?.payload).toEqual({ type: 'streaming', signed: true, trailer: false });
    expect(verified?.chunkSigner).toBeInstanceOf(ChunkSigner);
    expect(
      verified?.chunkSigner?.verifyChunk(
        'bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a',
        'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
      ),
    ).toBe(true);
  });
});
