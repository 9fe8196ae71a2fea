/** The WebSocket subprotocol AppSync's real-time endpoint speaks. */
export const REALTIME_PROTOCOL = 'graphql-ws';

/** The handshake's `payload` parameter: base64 of `{}`, the only value AppSync documents. */
export const EMPTY_HANDSHAKE_PAYLOAD = 'e30=';

/** How long to wait for connection_ack after opening the socket (Amplify waits 15 s too). */
export const DEFAULT_ACK_TIMEOUT_MS = 15_000;

/** AppSync's documented keep-alive window when connection_ack carries no connectionTimeoutMs. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 300_000;

/** readyState of an open socket, in the browser's WebSocket and in `ws` alike. */
export const SOCKET_OPEN = 1;

/**
 * The headers an IAM client signs along with the request (Amplify's set): the handshake as a POST
 * of `{}` to <graphql url>/connect, each start as a POST of its `data` to the GraphQL URL.
 */
export const IAM_SIGNED_HEADERS = {
  accept: 'application/json, text/javascript',
  'content-encoding': 'amz-1.0',
  'content-type': 'application/json; charset=UTF-8',
} as const;
