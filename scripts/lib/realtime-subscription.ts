import WebSocket from 'ws';
import {
  AppSyncRealtimeClient,
  ConnectionLostError,
  ConnectionRefusedError,
  RealtimeGraphQLError,
  SubscriptionFailedError,
} from '../../common/appsync-realtime';
import type { AppSyncGraphQLError } from '../../common/appsync-realtime';
import { CliError } from './cli-error';

// One GraphQL subscription for a command-line tool, over the shared real-time client
// (common/appsync-realtime), with no reconnecting: a lost socket ends the subscription and the
// caller falls back to polling. Failures before start_ack reject with a sentence for the user.

export interface SubscriptionOptions {
  realtimeUrl: string;
  /** The GraphQL URL: its host goes in the auth object, as AppSync requires. */
  graphqlUrl: string;
  authorization: Record<string, string>;
  query: string;
  variables?: Record<string, unknown>;
  /** Each data message's `payload.data`, with the time it arrived (Date.now()). */
  onData: (data: Record<string, unknown>, receivedAtMs: number) => void;
  /** The socket closed or the server ended the subscription after it had started. */
  onEnd?: (reason: string) => void;
  timeoutMs?: number;
}

export interface Subscription {
  close(): void;
}

function describeErrors(errors: AppSyncGraphQLError[]): string {
  return errors.map((error) => error.message || error.errorType || 'unknown error').join('; ') || 'no reason given';
}

/** Why the subscription never started, as one sentence. */
function describeFailure(error: unknown, realtimeUrl: string): string {
  if (error instanceof ConnectionRefusedError)
    return `The real-time endpoint refused the connection: ${describeErrors(error.errors)}.`;
  if (error instanceof SubscriptionFailedError) return `The subscription was refused: ${describeErrors(error.errors)}.`;
  if (error instanceof RealtimeGraphQLError)
    return `The real-time connection at ${realtimeUrl} failed: ${describeErrors(error.errors)}.`;
  if (error instanceof ConnectionLostError) {
    if (error.detail) return `Could not open the real-time connection at ${realtimeUrl}: ${error.detail}.`;
    if (error.reason === 'closed')
      return `The real-time connection at ${realtimeUrl} closed before the subscription started.`;
    return notInTime(realtimeUrl);
  }
  return error instanceof Error ? error.message : String(error);
}

function notInTime(realtimeUrl: string): string {
  return `The real-time endpoint ${realtimeUrl} did not accept the subscription in time.`;
}

/** Why a started subscription ended, as a clause for onEnd. */
function describeEnd(error: unknown): string {
  if (error instanceof SubscriptionFailedError)
    return `the subscription reported an error: ${describeErrors(error.errors)}`;
  if (error instanceof RealtimeGraphQLError) return `the real-time connection failed: ${describeErrors(error.errors)}`;
  if (error instanceof ConnectionLostError && error.reason === 'keep-alive-timeout')
    return 'the real-time connection went silent';
  return 'the real-time connection closed';
}

/** Resolves once AppSync acknowledged the start. */
export function openSubscription(options: SubscriptionOptions): Promise<Subscription> {
  const client = new AppSyncRealtimeClient({
    realtimeUrl: options.realtimeUrl,
    graphqlUrl: options.graphqlUrl,
    authorize: async () => options.authorization,
    WebSocket,
    reconnect: { maxAttempts: 0 },
  });
  // close() forgets the subscription, so the complete that answers its stop reaches nobody.
  const subscription: Subscription = { close: () => client.close() };

  return new Promise<Subscription>((resolve, reject) => {
    let started = false;
    const fail = (message: string) => {
      clearTimeout(setup);
      client.close();
      reject(new CliError(message));
    };
    const setup = setTimeout(() => fail(notInTime(options.realtimeUrl)), options.timeoutMs ?? 10_000);

    client.subscribe(
      { query: options.query, variables: options.variables },
      {
        onStarted: () => {
          started = true;
          clearTimeout(setup);
          resolve(subscription);
        },
        onData: ({ data }) => {
          if (data) options.onData(data, Date.now());
        },
        onError: (error) => {
          if (started) options.onEnd?.(describeEnd(error));
          else fail(describeFailure(error, options.realtimeUrl));
        },
        onComplete: () => {
          if (started) options.onEnd?.('the server ended the subscription');
          else fail(`The real-time endpoint ${options.realtimeUrl} ended the subscription before it started.`);
        },
      },
    );
  });
}
