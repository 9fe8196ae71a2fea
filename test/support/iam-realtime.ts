import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Endpoints } from '../../local/endpoints';

/**
 * The authorization object of an IAM real-time client, as Amplify builds it: the handshake is
 * signed as a POST of `{}` to <graphql url>/connect, each start as a POST of its `data` string to
 * the GraphQL URL, and the signed headers are what goes in the header / extensions.authorization.
 */
export async function iamRealtimeAuthorization(endpoints: Endpoints, body: string): Promise<Record<string, string>> {
  const url = new URL(endpoints.graphqlUrl);
  const signer = new SignatureV4({
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
    region: endpoints.region,
    service: 'appsync',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: body === '{}' ? `${url.pathname}/connect` : url.pathname,
      headers: {
        accept: 'application/json, text/javascript',
        'content-encoding': 'amz-1.0',
        'content-type': 'application/json; charset=UTF-8',
        host: url.host,
      },
      body,
    }),
  );
  return signed.headers as Record<string, string>;
}
