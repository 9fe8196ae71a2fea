import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { SignatureError, verifySigV4 } from '../../../../local/sigv4/verify';

const credentials = { accessKeyId: 'AKIALOCALTESTKEY0001', secretAccessKey: 'local-secret', accountId: '000000000000' };
const body = JSON.stringify({ query: 'mutation { x }' });

async function signedRequest(secretAccessKey = credentials.secretAccessKey, signingDate?: Date) {
  const signer = new SignatureV4({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey }, region: 'us-east-1', service: 'appsync', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4000, path: '/graphql', headers: { 'content-type': 'application/json', host: '127.0.0.1:4000' }, body }),
    { signingDate },
  );
  return { method: 'POST', host: '127.0.0.1:4000', path: '/graphql', headers: signed.headers as Record<string, string>, body };
}

describe('verifySigV4', () => {
  test('accepts a request the AWS SDK signer signed with the local credentials', async () => {
    await expect(verifySigV4(await signedRequest(), credentials)).resolves.toEqual({
      accessKeyId: credentials.accessKeyId,
      region: 'us-east-1',
      service: 'appsync',
    });
  });

  test('refuses a signature made with another secret', async () => {
    await expect(verifySigV4(await signedRequest('another-secret'), credentials)).rejects.toMatchObject({ code: 'InvalidSignatureException' });
  });

  test('refuses a body changed after signing', async () => {
    const request = await signedRequest();
    await expect(verifySigV4({ ...request, body: body.replace('x', 'y') }, credentials)).rejects.toBeInstanceOf(SignatureError);
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
    await expect(verifySigV4({ ...request, headers: { ...request.headers, authorization: 'AWS4-HMAC-SHA256 garbage' } }, credentials)).rejects.toMatchObject({
      code: 'IncompleteSignatureException',
    });
  });
});
