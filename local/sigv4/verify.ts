import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@aws-crypto/sha256-js';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** The account the local credentials stand for, as an IAM identity shows it. */
  accountId: string;
}

export interface SignedRequest {
  method: string;
  /** Host the client signed (the Host header of the request). */
  host: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface VerifiedSignature {
  accessKeyId: string;
  region: string;
  service: string;
}

/** Why a signature was refused, in the words AWS uses. */
export class SignatureError extends Error {
  constructor(
    message: string,
    readonly code: 'IncompleteSignatureException' | 'InvalidSignatureException' | 'UnrecognizedClientException',
  ) {
    super(message);
    this.name = code;
  }
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** AWS allows 15 minutes of clock skew either way. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Verifies a SigV4 Authorization header the way AWS does: recompute the signature over the headers
 * the client named, with the one secret the local cloud knows, and compare in constant time.
 */
export interface VerifyOptions {
  now?: Date;
  /**
   * S3 streams bodies: the caller hashes the body as it arrives and compares it with the signed
   * x-amz-content-sha256 itself, so the signature check here trusts that header.
   */
  payloadCheckedByCaller?: boolean;
}

export async function verifySigV4(request: SignedRequest, credentials: LocalCredentials, options: VerifyOptions = {}): Promise<VerifiedSignature> {
  const now = options.now ?? new Date();
  const header = headerValue(request.headers, 'authorization');
  const match = header ? AUTH_PATTERN.exec(header.trim()) : null;
  if (!match) {
    throw new SignatureError('Authorization header requires Credential, SignedHeaders and Signature.', 'IncompleteSignatureException');
  }
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match;
  if (accessKeyId !== credentials.accessKeyId) {
    throw new SignatureError('The security token included in the request is invalid.', 'UnrecognizedClientException');
  }
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!signingDate) {
    throw new SignatureError('Authorization header requires existence of either a X-Amz-Date or a Date header.', 'IncompleteSignatureException');
  }
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new SignatureError(`Signature expired: ${amzDate} is now earlier or later than 15 minutes from the server time.`, 'InvalidSignatureException');
  }
  // A signed payload hash header stands in for the body in the signature: it must be the body's.
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (!options.payloadCheckedByCaller && payloadHash !== undefined && payloadHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw new SignatureError('The provided x-amz-content-sha256 header does not match what was computed.', 'InvalidSignatureException');
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of signedHeaderList.split(';')) {
    const value = name === 'host' ? request.host : headerValue(request.headers, name);
    if (value === undefined) {
      throw new SignatureError(`Signed header ${name} is missing from the request.`, 'InvalidSignatureException');
    }
    signedHeaders[name] = value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region,
    service,
    sha256: Sha256,
    // S3 signs the path as sent; every other service escapes it once more.
    uriEscapePath: service !== 's3',
  });
  const recomputed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: 'https:',
      hostname: request.host,
      path: request.path,
      query: request.query,
      headers: signedHeaders,
      body: request.body,
    }),
    { signingDate, signingRegion: region, signingService: service },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(recomputed.headers.authorization ?? ''))?.[1] ?? '';
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new SignatureError(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      'InvalidSignatureException',
    );
  }
  return { accessKeyId, region, service };
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

/** A presigned URL's query parameters, checked like S3: the key, the expiry, then the signature. */
export async function verifyPresignedUrl(request: SignedRequest, credentials: LocalCredentials, now = new Date()): Promise<VerifiedSignature> {
  const query = request.query ?? {};
  const param = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const credential = param('X-Amz-Credential');
  const amzDate = param('X-Amz-Date');
  const expires = Number(param('X-Amz-Expires'));
  const signature = param('X-Amz-Signature');
  const signedHeaderList = param('X-Amz-SignedHeaders');
  if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !credential || !amzDate || !signature || !signedHeaderList || !Number.isFinite(expires)) {
    throw new SignatureError('Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.', 'IncompleteSignatureException');
  }
  const [accessKeyId, , region, service] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) {
    throw new SignatureError('The AWS Access Key Id you provided does not exist in our records.', 'UnrecognizedClientException');
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw new SignatureError('X-Amz-Date must be in the ISO8601 Long Format.', 'IncompleteSignatureException');
  if (expires > 604800) throw new SignatureError('X-Amz-Expires must be less than a week (in seconds) that is 604800.', 'InvalidSignatureException');
  if (now.getTime() > signingDate.getTime() + expires * 1000) throw new SignatureError('Request has expired', 'InvalidSignatureException');
  const signedHeaders: Record<string, string> = {};
  for (const name of signedHeaderList.split(';')) {
    const value = name === 'host' ? request.host : headerValue(request.headers, name);
    if (value === undefined) throw new SignatureError(`Signed header ${name} is missing from the request.`, 'InvalidSignatureException');
    signedHeaders[name] = value;
  }
  // The presigner adds these itself; every other parameter was part of what the client signed.
  const added = new Set(['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Content-Sha256']);
  const unsignedQuery: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!added.has(name)) unsignedQuery[name] = value;
  }
  // S3 presigns an unsigned payload; the hash stands in the query, not in a header.
  const payloadHash = param('X-Amz-Content-Sha256');
  const request2 = new HttpRequest({ method: request.method, protocol: 'https:', hostname: request.host, path: request.path, query: unsignedQuery, headers: signedHeaders });
  const signingCredentials = { accessKeyId, secretAccessKey: credentials.secretAccessKey };
  // S3 presigns an unsigned payload the way its own presigner does; other services the plain way.
  const presigned =
    service === 's3' && payloadHash === 'UNSIGNED-PAYLOAD'
      ? await new S3RequestPresigner({ credentials: signingCredentials, region, sha256: Sha256 }).presign(request2, { signingDate, expiresIn: expires, signingRegion: region })
      : await new SignatureV4({ credentials: signingCredentials, region, service, sha256: Sha256, uriEscapePath: service !== 's3' }).presign(request2, {
          signingDate,
          expiresIn: expires,
          signingRegion: region,
          signingService: service,
        });
  const expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new SignatureError('The request signature we calculated does not match the signature you provided. Check your key and signing method.', 'InvalidSignatureException');
  }
  return { accessKeyId, region, service };
}
