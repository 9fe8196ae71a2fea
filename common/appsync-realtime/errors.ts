import type { AppSyncGraphQLError } from './types';

/** Why a connection was given up without AppSync saying so. */
export type LostReason = 'closed' | 'ack-timeout' | 'keep-alive-timeout';

export class AppSyncRealtimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppSyncRealtimeError';
  }
}

/** AppSync answered with GraphQL errors; `errors` is what it sent (possibly empty). */
export class RealtimeGraphQLError extends AppSyncRealtimeError {
  constructor(
    message: string,
    readonly errors: AppSyncGraphQLError[],
  ) {
    super(message);
    this.name = 'RealtimeGraphQLError';
  }
}

/** connection_error: the handshake's authorization was refused. Retrying with it would loop. */
export class ConnectionRefusedError extends RealtimeGraphQLError {
  constructor(errors: AppSyncGraphQLError[]) {
    super('The real-time connection was refused.', errors);
    this.name = 'ConnectionRefusedError';
  }
}

/** An error message without an id: about the connection itself, as fatal as connection_error. */
export class ConnectionFailedError extends RealtimeGraphQLError {
  constructor(errors: AppSyncGraphQLError[]) {
    super('The real-time connection failed.', errors);
    this.name = 'ConnectionFailedError';
  }
}

/** An error message for one subscription: its start was refused (Unauthorized, validation...). */
export class SubscriptionFailedError extends RealtimeGraphQLError {
  constructor(errors: AppSyncGraphQLError[]) {
    super('The subscription failed.', errors);
    this.name = 'SubscriptionFailedError';
  }
}

/** The socket closed or went silent, and no reconnect attempt is left. */
export class ConnectionLostError extends AppSyncRealtimeError {
  constructor(
    readonly reason: LostReason,
    /** What the socket's error event said, when it said anything (`ws` does; browsers do not). */
    readonly detail?: string,
  ) {
    super('The real-time connection was lost and could not be re-established.');
    this.name = 'ConnectionLostError';
  }
}
