// AppSync's real-time WebSocket protocol, once, for the web client (browser WebSocket) and the
// scripts (ws). Nothing here may import Node modules: the web client bundles it.
export { computeReconnectDelay } from './backoff';
export type { ReconnectOptions } from './backoff';
export { encodeBase64, encodeBase64Url } from './base64';
export { AppSyncRealtimeClient } from './client';
export type { AppSyncRealtimeClientOptions, RealtimeStatus, SubscriptionObserver } from './client';
export { systemClock } from './clock';
export { ConnectionState, RealtimeConnection } from './connection';
export type { ConnectionEnd, ConnectionListener, RealtimeConnectionOptions } from './connection';
export * from './constants';
export {
  AppSyncRealtimeError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectionRefusedError,
  RealtimeGraphQLError,
  SubscriptionFailedError,
} from './errors';
export type { LostReason } from './errors';
export {
  buildConnectAuthorizationRequest,
  buildHandshake,
  buildRealtimeAuthorization,
  buildStartAuthorizationRequest,
} from './handshake';
export type { Handshake, HandshakeOptions, HandshakeTransport } from './handshake';
export {
  buildStartMessage,
  buildStopMessage,
  CONNECTION_INIT,
  decodeServerMessage,
  encodeClientMessage,
  encodeSubscriptionRequest,
} from './messages';
export type { ClientMessage, OperationMessage, ServerMessage, StartMessageOptions } from './messages';
export { newSubscriptionId } from './subscription-id';
export type * from './types';
