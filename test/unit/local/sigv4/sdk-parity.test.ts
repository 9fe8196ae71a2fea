import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4 } from '../../../../local/sigv4';

// The verifier builds the canonical request with the SDK's own signer code: whatever the SDK
// signs verifies, whichever headers it signed and however it escaped the path and query.

const credentials = { accessKeyId: 'AKIALOCALTESTKEY0001', secretAccessKey: 'local-secret', accountId: '000000000000' };
const body = '{"Queue":"uploads"}';
const path = '/2017-08-29/jobs/a b%2Fc';
const query = { nextToken: 'x y*', order: ['b', 'a'] };

async function signed(applyChecksum: boolean) {
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'mediaconvert',
    sha256: Sha256,
    applyChecksum,
  });
  const request = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: '127.0.0.1',
      path,
      query,
      headers: { host: '127.0.0.1:4040', 'content-type': 'application/json', 'x-amz-target': '  Jobs.Create  now ' },
      body,
    }),
  );
  return { method: 'POST', host: '127.0.0.1:4040', path, query, headers: request.headers, body };
}

describe('verifySigV4 against the SDK signer', () => {
  test('accepts a request signed without x-amz-content-sha256, as the CLI signs JSON services', async () => {
    // Prepare
    const request = await signed(false);
    // Act
    const verified = await verifySigV4(request, credentials);
    // Assess
    expect(request.headers['x-amz-content-sha256']).toBeUndefined();
    expect(verified).toMatchObject({ service: 'mediaconvert', region: 'us-east-1' });
  });

  test('accepts an escaped path and repeated query values, and refuses a signed header changed in flight', async () => {
    // Prepare
    const request = await signed(true);
    const changed = { ...request, headers: { ...request.headers, 'x-amz-target': 'Jobs.Cancel' } };
    // Act and Assess
    await expect(verifySigV4(request, credentials)).resolves.toMatchObject({ accessKeyId: credentials.accessKeyId });
    await expect(verifySigV4(changed, credentials)).rejects.toMatchObject({ code: 'InvalidSignatureException' });
  });
});
