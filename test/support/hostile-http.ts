// Requests no SDK sends, for hostile-input tests: a SigV4-signed body of our choosing (so a
// service parses it rather than refusing the signature), and raw bytes on a TCP socket (malformed
// request lines and headers that node:http itself would never write).
import { connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { rawRequest } from './s3-requests';
import type { RawResponse } from './s3-requests';

export interface SignedRequestOptions {
  url: string;
  method?: string;
  service: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  headers?: Record<string, string>;
  body: string;
}

/** One request signed over exactly `body`, whatever it is, sent as is. */
export async function signedRequest(options: SignedRequestOptions): Promise<RawResponse> {
  const url = new URL(options.url);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: options.service,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: options.method ?? 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { ...options.headers, host: url.host },
      body: options.body,
    }),
  );
  return rawRequest(options.url, {
    method: options.method ?? 'POST',
    headers: signed.headers,
    body: options.body,
  });
}

/** Writes `bytes` on a fresh connection and returns the status line that comes back ('' if none within 2 s). */
export function rawStatusLine(baseUrl: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received.split('\r\n')[0] ?? '');
    };
    const timer = setTimeout(finish, 2000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish() : reject(error)));
    socket.write(bytes);
  });
}
