import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { guardListener, logToStderr } from './guard';
import type { Log } from './guard';

// Every stand-in's HTTP server is made here, so every request, upgrade and server error passes
// through the guard: a handler that throws answers its one caller with the service's own 500 and
// is logged, and the other stand-ins in the process never notice.

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface LocalServerOptions {
  /** The stand-in's name in log lines: "S3", "Cognito". */
  service: string;
  log?: Log;
  /** Sends the service's own 500 (S3's XML InternalError, a JSON service's InternalFailure, ...). */
  answerInternalError: (res: ServerResponse, req: IncomingMessage) => void;
  /** The same handler over TLS (AppSync's https and wss). */
  tls?: { key: string; cert: string };
  /** WebSocket upgrades (AppSync's real-time endpoint); a failure destroys that one socket. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;
  /** Requests sent with `Expect: 100-continue` (S3 answers them before reading the body). */
  onCheckContinue?: RequestHandler;
}

/** A request handler that answers its caller with the service's 500 whatever it throws. */
export function guardRequests(
  handler: RequestHandler,
  options: Pick<LocalServerOptions, 'service' | 'log' | 'answerInternalError'>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return guardListener(handler, {
    what: (req) => `${options.service}: ${req.method ?? ''} ${req.url ?? ''}`,
    log: options.log,
    answer: (_error, req, res) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Whatever the client still sends is read and dropped, so it can read the answer.
      req.resume();
      options.answerInternalError(res, req);
    },
  });
}

export function createLocalServer(handler: RequestHandler, options: LocalServerOptions): Server {
  const log = options.log ?? logToStderr;
  const onRequest = guardRequests(handler, options);
  const server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }) : createServer();
  server.on('request', onRequest);
  if (options.onCheckContinue) server.on('checkContinue', guardRequests(options.onCheckContinue, options));
  if (options.onUpgrade)
    server.on(
      'upgrade',
      guardListener(options.onUpgrade, {
        what: (req) => `${options.service}: upgrade ${req.url ?? ''}`,
        log,
        answer: (_error, _req, socket) => socket.destroy(),
      }),
    );
  // Once listening (listen() reports start-up errors), a server error is logged, not thrown.
  server.once('listening', () =>
    server.on('error', (error) => log(`${options.service}: server error: ${error.message}`)),
  );
  return server;
}
