// Hand-built S3 requests for tests: what the SDK never sends (signed aws-chunked bodies, tampered
// headers, skewed clocks) signed from the SigV4 spec, and sent with node:http so every header and
// byte is ours.
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method, headers: options.headers, setHost: options.headers?.host === undefined },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The S3 error code in an XML error body. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Signs a request the way the AWS SDK's signer does for S3 (path as sent, no double encoding). */
export async function signRequest(options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: SigningCredentials;
  region?: string;
  signingDate?: Date;
}): Promise<Record<string, string>> {
  const url = new URL(options.url);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  const signed = await signer.sign(
    new HttpRequest({
      method: options.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers: { host: url.host, ...options.headers },
    }),
    { signingDate: options.signingDate },
  );
  return signed.headers;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function signingKey(secret: string, date: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
}

/**
 * An aws-chunked body with chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]),
 * following AWS's "Transferring payload in multiple chunks" and "trailing headers" pages.
 */
export function signedChunkedBody(options: {
  data: Buffer;
  chunkSize: number;
  seedSignature: string;
  key: Buffer;
  amzDate: string;
  scope: string;
  trailers?: Array<[string, string]>;
}): Buffer {
  const parts: Buffer[] = [];
  let previous = options.seedSignature;
  const emptyHash = sha256Hex('');
  const chunkSignature = (chunk: Buffer) => {
    previous = hmac(
      options.key,
      ['AWS4-HMAC-SHA256-PAYLOAD', options.amzDate, options.scope, previous, emptyHash, sha256Hex(chunk)].join('\n'),
    ).toString('hex');
    return previous;
  };
  for (let offset = 0; offset < options.data.length; offset += options.chunkSize) {
    const chunk = options.data.subarray(offset, offset + options.chunkSize);
    parts.push(
      Buffer.from(`${chunk.length.toString(16)};chunk-signature=${chunkSignature(chunk)}\r\n`),
      chunk,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`0;chunk-signature=${chunkSignature(Buffer.alloc(0))}\r\n`));
  if (options.trailers) {
    const canonical = options.trailers.map(([name, value]) => `${name}:${value}\n`).join('');
    const trailerSignature = hmac(
      options.key,
      ['AWS4-HMAC-SHA256-TRAILER', options.amzDate, options.scope, previous, sha256Hex(canonical)].join('\n'),
    ).toString('hex');
    parts.push(
      Buffer.from(
        options.trailers.map(([name, value]) => `${name}:${value}\r\n`).join('') +
          `x-amz-trailer-signature:${trailerSignature}\r\n`,
      ),
    );
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** The Signature= part of an Authorization header. */
export function signatureOf(authorization: string): string {
  const match = /Signature=([0-9a-f]{64})/.exec(authorization);
  if (!match) throw new Error(`the Authorization header has no Signature=: ${authorization}`);
  return match[1]!; // the pattern's only group takes part in every match
}
