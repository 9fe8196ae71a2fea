import WebSocket from 'ws';
import { CliError } from './cli-error';

// One GraphQL subscription over AppSync's real-time protocol: the auth header object goes base64 in
// the `header` query parameter (payload `e30=`, i.e. {}), then connection_init -> connection_ack,
// start (with the same auth under extensions.authorization) -> start_ack, then data messages.

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

type Message = {
  type?: string;
  id?: string;
  payload?: {
    data?: Record<string, unknown>;
    errors?: Array<{ message?: string; errorType?: string }>;
    connectionTimeoutMs?: number;
  };
};

function describeErrors(message: Message): string {
  return (
    (message.payload?.errors ?? []).map((error) => error.message ?? error.errorType ?? 'unknown error').join('; ') ||
    'no reason given'
  );
}

export function openSubscription(options: SubscriptionOptions): Promise<Subscription> {
  const host = new URL(options.graphqlUrl).host;
  const auth = { host, ...options.authorization };
  const url = new URL(options.realtimeUrl);
  url.searchParams.set('header', Buffer.from(JSON.stringify(auth)).toString('base64'));
  url.searchParams.set('payload', 'e30=');
  const socket = new WebSocket(url, ['graphql-ws']);
  const id = 'status';
  let started = false;
  let closedByUs = false;
  let silenceTimer: NodeJS.Timeout | undefined;
  // The server sends `ka` well within connectionTimeoutMs; silence longer than that is a dead link.
  const watch = (timeoutMs: number) => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => socket.terminate(), timeoutMs);
  };

  return new Promise<Subscription>((resolve, reject) => {
    const setup = setTimeout(() => {
      socket.terminate();
      reject(new CliError(`The real-time endpoint ${options.realtimeUrl} did not accept the subscription in time.`));
    }, options.timeoutMs ?? 10_000);
    let connectionTimeoutMs = 300_000;
    const subscription: Subscription = {
      close: () => {
        closedByUs = true;
        clearTimeout(silenceTimer);
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'stop', id }));
        socket.close(1000);
      },
    };
    const fail = (message: string) => {
      clearTimeout(setup);
      socket.terminate();
      reject(new CliError(message));
    };

    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('error', (error) => {
      if (!started) fail(`Could not open the real-time connection at ${options.realtimeUrl}: ${error.message}.`);
    });
    socket.on('message', (raw) => {
      const receivedAtMs = Date.now();
      let message: Message;
      try {
        message = JSON.parse(raw.toString()) as Message;
      } catch {
        return;
      }
      if (started) watch(connectionTimeoutMs);
      switch (message.type) {
        case 'connection_ack':
          connectionTimeoutMs = message.payload?.connectionTimeoutMs ?? connectionTimeoutMs;
          socket.send(
            JSON.stringify({
              id,
              type: 'start',
              payload: {
                data: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
                extensions: { authorization: auth },
              },
            }),
          );
          return;
        case 'connection_error':
          return fail(`The real-time endpoint refused the connection: ${describeErrors(message)}.`);
        case 'start_ack':
          started = true;
          clearTimeout(setup);
          watch(connectionTimeoutMs);
          return resolve(subscription);
        case 'error':
          if (!started) return fail(`The subscription was refused: ${describeErrors(message)}.`);
          options.onEnd?.(`the subscription reported an error: ${describeErrors(message)}`);
          return;
        case 'data':
          if (message.id === id && message.payload?.data) options.onData(message.payload.data, receivedAtMs);
          return;
        case 'complete':
          if (!closedByUs) options.onEnd?.('the server ended the subscription');
          return;
        default:
          return;
      }
    });
    socket.on('close', () => {
      clearTimeout(silenceTimer);
      if (!started) fail(`The real-time connection at ${options.realtimeUrl} closed before the subscription started.`);
      else if (!closedByUs) options.onEnd?.('the real-time connection closed');
    });
  });
}
