import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { credentialDirectory } from '../iam';
import type { AccessKeyPair, CredentialDirectory, LocalPrincipal } from '../iam';
import { MAX_SKEW_MS, parseAmzDate } from '../sigv4/verify';
import { S3Error } from './errors';

// S3's flavour of SigV4. S3 signs the path exactly as sent (no second encoding), carries the
// payload hash in x-amz-content-sha256 (a hex hash, UNSIGNED-PAYLOAD or one of the aws-chunked
// STREAMING-* modes), accepts presigned query strings, and answers with its own error codes.
// Written against the SigV4 spec rather than the SDK signer so that it checks what S3 checks.

/** How the request body is bound to the signature. */
export type S3Payload =
  { type: 'sha256'; hash: string } | { type: 'unsigned' } | { type: 'streaming'; signed: boolean; trailer: boolean };

export interface S3RequestToVerify {
  method: string;
  /** The path as sent on the wire, still percent-encoded. */
  path: string;
  /** The query string as sent, without the '?'. */
  query: string;
  /** Headers by lower-case name; repeated headers as arrays (node's `headersDistinct`). */
  headers: Record<string, string | string[] | undefined>;
}

export interface S3VerifyOptions {
  /** The access keys S3 knows: one key pair (root) or the local IAM's directory. */
  credentials: AccessKeyPair | CredentialDirectory;
  /** The region the local S3 stands for: credentials scoped to another one are refused, as S3 does. */
  region: string;
  now?: Date;
}

export interface VerifiedS3Request {
  accessKeyId: string;
  /** Who signed, with the policies IAM holds them to. */
  principal: LocalPrincipal;
  via: 'header' | 'query';
  payload: S3Payload;
  /** For STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): verifies the chunk signature chain. */
  chunkSigner?: ChunkSigner;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CREDENTIAL_FORMAT = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const MAX_PRESIGN_SECONDS = 604800;
const STREAMING_PAYLOADS: Record<string, { signed: boolean; trailer: boolean }> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { signed: true, trailer: false },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { signed: true, trailer: true },
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { signed: false, trailer: true },
};

/** The SigV4 signing key for one day, region and service. */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The chunk signatures of an aws-chunked body: each one signs its chunk's SHA-256 and the
 * previous signature, starting from the request's own (the seed); the trailer chunk is signed
 * the same way over its canonical trailing headers.
 */
export class ChunkSigner {
  private previous: string;

  constructor(
    private readonly key: Buffer,
    private readonly amzDate: string,
    private readonly scope: string,
    seedSignature: string,
  ) {
    this.previous = seedSignature;
  }

  /** Checks one chunk's signature (given the SHA-256 of its data) and moves the chain on. */
  verifyChunk(dataSha256: string, provided: string): boolean {
    const expected = hmacHex(
      this.key,
      ['AWS4-HMAC-SHA256-PAYLOAD', this.amzDate, this.scope, this.previous, EMPTY_SHA256, dataSha256].join('\n'),
    );
    this.previous = expected;
    return signaturesEqual(expected, provided);
  }

  /** Checks the trailer chunk's signature; `canonicalTrailers` is `name:value\n` per trailing header. */
  verifyTrailer(canonicalTrailers: string, provided: string): boolean {
    const hash = createHash('sha256').update(canonicalTrailers, 'utf8').digest('hex');
    const expected = hmacHex(
      this.key,
      ['AWS4-HMAC-SHA256-TRAILER', this.amzDate, this.scope, this.previous, hash].join('\n'),
    );
    this.previous = expected;
    return signaturesEqual(expected, provided);
  }
}

/** RFC 3986 encoding as SigV4 wants it: only unreserved characters stay as they are. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query parameters of a raw query string, decoded, in order (no '+' for space, as S3 reads them). */
export function parseRawQuery(query: string): Array<[string, string]> {
  if (!query) return [];
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? [safeDecode(part), ''] : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))];
    });
}

function canonicalQuery(params: Array<[string, string]>): string {
  return params
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function s3HeaderValue(headers: S3RequestToVerify['headers'], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value)
    ? value.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')
    : value.trim().replace(/\s+/g, ' ');
}

function hexBytes(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

interface SignatureCheck {
  request: S3RequestToVerify;
  signedHeaders: string[];
  params: Array<[string, string]>;
  payloadHash: string;
  amzDate: string;
  scope: string;
  key: Buffer;
  accessKeyId: string;
  provided: string;
}

/** Recomputes the request signature; on a mismatch, answers as S3 does, with what it signed. */
function checkSignature(check: SignatureCheck): string {
  const canonicalHeaders = check.signedHeaders
    .map((name) => `${name}:${s3HeaderValue(check.request.headers, name) ?? ''}\n`)
    .join('');
  const canonicalRequest = [
    check.request.method,
    check.request.path || '/',
    canonicalQuery(check.params),
    canonicalHeaders,
    check.signedHeaders.join(';'),
    check.payloadHash,
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    check.amzDate,
    check.scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const expected = hmacHex(check.key, stringToSign);
  if (!signaturesEqual(expected, check.provided)) {
    throw new S3Error('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403, {
      AWSAccessKeyId: check.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: check.provided,
      StringToSignBytes: hexBytes(stringToSign),
      CanonicalRequest: canonicalRequest,
      CanonicalRequestBytes: hexBytes(canonicalRequest),
    });
  }
  return expected;
}

/** S3 refuses x-amz-* headers the signature does not cover: they would be changeable in flight. */
function requireSignedAmzHeaders(headers: S3RequestToVerify['headers'], signed: string[]): void {
  const unsigned = Object.keys(headers).filter((name) => name.startsWith('x-amz-') && !signed.includes(name));
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', 403, {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
}

interface Scope {
  accessKeyId: string;
  principal: LocalPrincipal;
  date: string;
  region: string;
  service: string;
}

function parseCredential(
  credential: string,
  fault: (message: string, details?: Record<string, string>) => S3Error,
  options: S3VerifyOptions,
): Scope {
  const parts = credential.split('/');
  if (parts.length !== 5 || !/^\d{8}$/.test(parts[1])) throw fault(CREDENTIAL_FORMAT);
  const [accessKeyId, date, region, service, terminal] = parts;
  if (!accessKeyId) throw fault('a non-empty Access Key (AKID) must be provided in the credential.');
  if (region !== options.region)
    throw fault(`the region '${region}' is wrong; expecting '${options.region}'`, { Region: options.region });
  if (service !== 's3') throw fault(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (terminal !== 'aws4_request') throw fault(`incorrect terminal "${terminal}". This endpoint uses "aws4_request".`);
  const principal = credentialDirectory(options.credentials).principal(accessKeyId);
  if (!principal) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
      AWSAccessKeyId: accessKeyId,
    });
  }
  return { accessKeyId, principal, date, region, service };
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * Verifies an S3 request signed with an Authorization header or a presigned query string, the way
 * S3 does. Returns undefined for an anonymous request (neither present): the caller decides
 * whether the bucket lets anyone in.
 */
export function verifyS3Request(request: S3RequestToVerify, options: S3VerifyOptions): VerifiedS3Request | undefined {
  const params = parseRawQuery(request.query);
  const authorization = s3HeaderValue(request.headers, 'authorization');
  const presigned = params.some(
    ([name]) => name === 'X-Amz-Algorithm' || name === 'X-Amz-Credential' || name === 'X-Amz-Signature',
  );
  if (authorization !== undefined && presigned) {
    throw new S3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      400,
      { ArgumentName: 'Authorization', ArgumentValue: authorization },
    );
  }
  if (authorization !== undefined) return verifyAuthorizationHeader(request, authorization, params, options);
  if (presigned) return verifyPresignedQuery(request, params, options);
  return undefined;
}

function verifyAuthorizationHeader(
  request: S3RequestToVerify,
  authorization: string,
  params: Array<[string, string]>,
  options: S3VerifyOptions,
): VerifiedS3Request {
  const now = options.now ?? new Date();
  const malformed = (message: string, details: Record<string, string> = {}) =>
    new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${message}`, 400, details);
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', 400, {
      ArgumentName: 'Authorization',
      ArgumentValue: authorization,
    });
  }
  const fields: Record<string, string> = {};
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (!fields.Credential || !fields.SignedHeaders || !fields.Signature) {
    throw malformed('the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  }
  const scope = parseCredential(fields.Credential, malformed, options);
  const amzDateHeader = s3HeaderValue(request.headers, 'x-amz-date');
  const dateHeader = s3HeaderValue(request.headers, 'date');
  const signingDate =
    amzDateHeader !== undefined
      ? parseAmzDate(amzDateHeader)
      : dateHeader !== undefined
        ? new Date(Date.parse(dateHeader))
        : undefined;
  if (!signingDate || Number.isNaN(signingDate.getTime())) {
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
  }
  const amzDate = amzDateHeader ?? formatAmzDate(signingDate);
  if (amzDate.slice(0, 8) !== scope.date)
    throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new S3Error(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      403,
      {
        RequestTime: amzDate,
        ServerTime: now.toISOString(),
        MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
      },
    );
  }
  const payloadHash = s3HeaderValue(request.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined)
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
  const payload = payloadOf(payloadHash);
  const signedHeaders = fields.SignedHeaders.split(';').map((name) => name.trim().toLowerCase());
  if (!signedHeaders.includes('host')) throw malformed("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  requireSignedAmzHeaders(request.headers, signedHeaders);
  const key = deriveSigningKey(scope.principal.secretAccessKey, scope.date, scope.region, scope.service);
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const seed = checkSignature({
    request,
    signedHeaders,
    params,
    payloadHash,
    amzDate,
    scope: credentialScope,
    key,
    accessKeyId: scope.accessKeyId,
    provided: fields.Signature,
  });
  return {
    accessKeyId: scope.accessKeyId,
    principal: scope.principal,
    via: 'header',
    payload,
    chunkSigner:
      payload.type === 'streaming' && payload.signed ? new ChunkSigner(key, amzDate, credentialScope, seed) : undefined,
  };
}

function payloadOf(value: string): S3Payload {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { type: 'sha256', hash: value.toLowerCase() };
  if (value === 'UNSIGNED-PAYLOAD') return { type: 'unsigned' };
  const streaming = STREAMING_PAYLOADS[value];
  if (streaming) return { type: 'streaming', ...streaming };
  if (value.startsWith('STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD')) {
    throw new S3Error(
      'NotImplemented',
      'The local S3 does not implement SigV4a (ECDSA) signing; sign with AWS4-HMAC-SHA256.',
      501,
    );
  }
  throw new S3Error(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    400,
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
  );
}

function verifyPresignedQuery(
  request: S3RequestToVerify,
  params: Array<[string, string]>,
  options: S3VerifyOptions,
): VerifiedS3Request {
  const now = options.now ?? new Date();
  const param = (name: string) => params.find(([candidate]) => candidate === name)?.[1];
  const fault = (message: string, details: Record<string, string> = {}) =>
    new S3Error('AuthorizationQueryParametersError', message, 400, details);
  const algorithm = param('X-Amz-Algorithm');
  const credential = param('X-Amz-Credential');
  const amzDate = param('X-Amz-Date');
  const expiresText = param('X-Amz-Expires');
  const signedHeaderList = param('X-Amz-SignedHeaders');
  const signature = param('X-Amz-Signature');
  if (
    algorithm === undefined ||
    credential === undefined ||
    amzDate === undefined ||
    expiresText === undefined ||
    signedHeaderList === undefined ||
    signature === undefined
  ) {
    throw fault(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (algorithm !== 'AWS4-HMAC-SHA256') throw fault('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const scope = parseCredential(
    credential,
    (message, details) => fault(`Error parsing the X-Amz-Credential parameter; ${message}`, details),
    options,
  );
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw fault("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  if (!/^-?\d+$/.test(expiresText)) throw fault('X-Amz-Expires should be a number');
  const expires = Number(expiresText);
  if (expires < 0) throw fault('X-Amz-Expires must be non-negative');
  if (expires > MAX_PRESIGN_SECONDS)
    throw fault(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}`);
  if (amzDate.slice(0, 8) !== scope.date)
    throw fault(
      'Error parsing the X-Amz-Credential parameter; Invalid credential date. Date is not the same as X-Amz-Date.',
    );
  if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS)
    throw new S3Error('AccessDenied', 'Request is not valid yet', 403);
  if (now.getTime() > signingDate.getTime() + expires * 1000) {
    throw new S3Error('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': expiresText,
      Expires: new Date(signingDate.getTime() + expires * 1000).toISOString(),
      ServerTime: now.toISOString(),
    });
  }
  const signedHeaders = signedHeaderList.split(';').map((name) => name.trim().toLowerCase());
  if (!signedHeaders.includes('host')) throw fault("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  requireSignedAmzHeaders(request.headers, signedHeaders);
  // A presigned URL's body is never signed, unless the signer put a real hash in the query.
  const declared = param('X-Amz-Content-Sha256');
  const payloadHash = declared ?? 'UNSIGNED-PAYLOAD';
  const payload = payloadOf(payloadHash);
  if (payload.type === 'streaming')
    throw fault('X-Amz-Content-Sha256 cannot be a streaming payload in a presigned URL.');
  const key = deriveSigningKey(scope.principal.secretAccessKey, scope.date, scope.region, scope.service);
  checkSignature({
    request,
    signedHeaders,
    params: params.filter(([name]) => name !== 'X-Amz-Signature'),
    payloadHash,
    amzDate,
    scope: `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
    key,
    accessKeyId: scope.accessKeyId,
    provided: signature,
  });
  return { accessKeyId: scope.accessKeyId, principal: scope.principal, via: 'query', payload };
}
