import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  buildConnectAuthorizationRequest,
  buildStartAuthorizationRequest,
  IAM_SIGNED_HEADERS,
} from '../../common/appsync-realtime';
import type { AuthorizationRequest } from '../../common/appsync-realtime';
import type { Endpoints } from '../../local/endpoints';

/** An IAM authorizer for the shared real-time client: SigV4 over the request it is asked to authorize. */
export async function signRealtimeRequest(
  endpoints: Endpoints,
  request: AuthorizationRequest,
): Promise<Record<string, string>> {
  const url = new URL(request.url);
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
      path: url.pathname,
      headers: { ...IAM_SIGNED_HEADERS, host: url.host },
      body: request.body,
    }),
  );
  return signed.headers;
}

/**
 * The authorization object of an IAM real-time client, as Amplify builds it, for a raw frame:
 * `{}` is the handshake's body, anything else a start's `data`.
 */
export function iamRealtimeAuthorization(endpoints: Endpoints, body: string): Promise<Record<string, string>> {
  return signRealtimeRequest(
    endpoints,
    body === '{}'
      ? buildConnectAuthorizationRequest(endpoints.graphqlUrl)
      : buildStartAuthorizationRequest(endpoints.graphqlUrl, body),
  );
}
