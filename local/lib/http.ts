import type { IncomingMessage, ServerResponse } from 'node:http';

// Small HTTP helpers shared by the local services' node:http handlers.

/**
 * Reads a request body, refusing more than `limit` bytes with BodyTooLargeError. What is over the
 * limit is read and dropped rather than the socket destroyed, so the client, still sending, can
 * read the service's 413 (the server's requestTimeout bounds how long a body may take).
 */
export function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const refuse = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    req.on('error', reject);
    // A declared length over the limit is refused before a byte is read.
    if (Number(req.headers['content-length']) > limit) {
      refuse();
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
  });
}

/** A request body over a stand-in's limit: each answers it with a 413 in its own error shape. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request must be smaller than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Lower-cased single-valued header map, as resolvers see ctx.request.headers. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** A request target (or an S3 copy source) without its query string. */
export function stripQuery(target: string): string {
  // split yields at least one piece: the text before the first '?', or all of it.
  return target.split('?')[0]!;
}

export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}
