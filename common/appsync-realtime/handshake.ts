import { encodeBase64, encodeBase64Url } from './base64';
import { EMPTY_HANDSHAKE_PAYLOAD, REALTIME_PROTOCOL } from './constants';
import type { AuthorizationHeaders, AuthorizationRequest, RealtimeAuthorization } from './types';

/**
 * How the handshake carries its authorization: `query` is AppSync's documented form (base64 `header`
 * and `payload` parameters); `subprotocol` is Amplify's newer one (a `header-<base64url>`
 * subprotocol), which keeps credentials out of the URL and so out of access logs.
 */
export type HandshakeTransport = 'query' | 'subprotocol';

export interface HandshakeOptions {
  /** The API's real-time endpoint (wss://….appsync-realtime-api…/graphql on AWS). */
  realtimeUrl: string;
  authorization: RealtimeAuthorization;
  transport?: HandshakeTransport;
}

/** What to open the WebSocket with. */
export interface Handshake {
  url: string;
  protocols: string[];
}

/** The authorization object AppSync expects: the headers plus the GraphQL endpoint's host. */
export function buildRealtimeAuthorization(graphqlUrl: string, headers: AuthorizationHeaders): RealtimeAuthorization {
  return { host: new URL(graphqlUrl).host, ...headers };
}

export function buildHandshake({ realtimeUrl, authorization, transport = 'query' }: HandshakeOptions): Handshake {
  const header = JSON.stringify(authorization);
  if (transport === 'subprotocol') {
    return { url: realtimeUrl, protocols: [REALTIME_PROTOCOL, `header-${encodeBase64Url(header)}`] };
  }
  const url = new URL(realtimeUrl);
  url.searchParams.set('header', encodeBase64(header));
  url.searchParams.set('payload', EMPTY_HANDSHAKE_PAYLOAD);
  return { url: url.toString(), protocols: [REALTIME_PROTOCOL] };
}

/** The handshake, as IAM signs it: a POST of `{}` to <graphql url>/connect. */
export function buildConnectAuthorizationRequest(graphqlUrl: string): AuthorizationRequest {
  return { type: 'connect', url: `${graphqlUrl.replace(/\/+$/, '')}/connect`, body: '{}' };
}

/** One start, as IAM signs it: a POST of the start's `data` string to the GraphQL URL. */
export function buildStartAuthorizationRequest(graphqlUrl: string, data: string): AuthorizationRequest {
  return { type: 'start', url: graphqlUrl, body: data };
}
