import { UNSIGNED_PAYLOAD } from '@smithy/signature-v4';
import type { LocalPrincipal } from '../iam';
import { ChunkSigner } from './chunk-signer';
import { credentialScope, parseAuthorizationHeader, SIGV4_ALGORITHM } from './credential';
import type { Credential } from './credential';
import { S3SignatureError } from './errors';
import { computeRequestSignature, headerValue } from './request-signature';
import type { RequestHeaders } from './request-signature';
import { resolveS3Signer, signatureMismatch } from './s3-signer';
import type { CredentialFault, S3SigningOptions } from './s3-signer';
import { deriveSigningKey, formatAmzDate, MAX_SKEW_MS, parseAmzDate, signaturesEqual } from './signing';

// S3's flavour of SigV4: S3 signs the path exactly as sent (no second encoding), carries the
// payload hash in x-amz-content-sha256 (a hex hash, UNSIGNED-PAYLOAD or one of the aws-chunked
// STREAMING-* modes), accepts presigned query strings, and answers with its own error codes.

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
  headers: RequestHeaders;
}

export type S3VerifyOptions = S3SigningOptions;

export interface VerifiedS3Request {
  accessKeyId: string;
  /** Who signed, with the policies IAM holds them to. */
  principal: LocalPrincipal;
  via: 'header' | 'query';
  payload: S3Payload;
  /** For STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): verifies the chunk signature chain. */
  chunkSigner?: ChunkSigner;
}

const MAX_PRESIGN_SECONDS = 604800;
const STREAMING_PAYLOADS: Record<string, { signed: boolean; trailer: boolean }> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { signed: true, trailer: false },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { signed: true, trailer: true },
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { signed: false, trailer: true },
};

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

/** Header values as S3 reads them: trimmed, inner runs of white space as one space. */
function s3HeaderValue(headers: RequestHeaders, name: string): string | undefined {
  return headerValue(headers, name)?.trim().replace(/\s+/g, ' ');
}

interface SignatureCheck {
  request: S3RequestToVerify;
  signedHeaders: string[];
  params: Array<[string, string]>;
  payloadHash: string;
  amzDate: string;
  credential: Credential;
  signingKey: Buffer;
  provided: string;
}

/** Recomputes the request signature; on a mismatch, answers as S3 does, with what it signed. */
function checkSignature(check: SignatureCheck): string {
  const { canonicalRequest, stringToSign, signature } = computeRequestSignature({
    method: check.request.method,
    path: check.request.path,
    query: check.params,
    headers: check.request.headers,
    signedHeaders: check.signedHeaders,
    payloadHash: check.payloadHash,
    uriEscapePath: false,
    amzDate: check.amzDate,
    scope: credentialScope(check.credential),
    signingKey: check.signingKey,
  });
  if (!signaturesEqual(signature, check.provided)) {
    throw signatureMismatch({
      accessKeyId: check.credential.accessKeyId,
      stringToSign,
      provided: check.provided,
      canonicalRequest,
    });
  }
  return signature;
}

/** S3 refuses x-amz-* headers the signature does not cover: they would be changeable in flight. */
function requireSignedAmzHeaders(headers: RequestHeaders, signed: string[]): void {
  const unsigned = Object.keys(headers).filter((name) => name.startsWith('x-amz-') && !signed.includes(name));
  if (unsigned.length > 0) {
    throw new S3SignatureError('AccessDenied', 'There were headers present in the request which were not signed', 403, {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
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
    throw new S3SignatureError(
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
  const malformed: CredentialFault = (message, details = {}) =>
    new S3SignatureError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; ${message}`,
      400,
      details,
    );
  const { algorithm, fields } = parseAuthorizationHeader(authorization);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw new S3SignatureError('InvalidArgument', 'Unsupported Authorization Type', 400, {
      ArgumentName: 'Authorization',
      ArgumentValue: authorization,
    });
  }
  if (!fields.Credential || !fields.SignedHeaders || !fields.Signature) {
    throw malformed('the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  }
  const { credential, principal } = resolveS3Signer(fields.Credential, options, malformed);
  const amzDateHeader = s3HeaderValue(request.headers, 'x-amz-date');
  const dateHeader = s3HeaderValue(request.headers, 'date');
  const signingDate =
    amzDateHeader !== undefined
      ? parseAmzDate(amzDateHeader)
      : dateHeader !== undefined
        ? new Date(Date.parse(dateHeader))
        : undefined;
  if (!signingDate || Number.isNaN(signingDate.getTime())) {
    throw new S3SignatureError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
  }
  const amzDate = amzDateHeader ?? formatAmzDate(signingDate);
  if (amzDate.slice(0, 8) !== credential.date)
    throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new S3SignatureError(
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
    throw new S3SignatureError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
  const payload = payloadOf(payloadHash);
  const signedHeaders = fields.SignedHeaders.split(';').map((name) => name.trim().toLowerCase());
  if (!signedHeaders.includes('host')) throw malformed("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  requireSignedAmzHeaders(request.headers, signedHeaders);
  const signingKey = deriveSigningKey(
    principal.secretAccessKey,
    credential.date,
    credential.region,
    credential.service,
  );
  const seed = checkSignature({
    request,
    signedHeaders,
    params,
    payloadHash,
    amzDate,
    credential,
    signingKey,
    provided: fields.Signature,
  });
  return {
    accessKeyId: credential.accessKeyId,
    principal,
    via: 'header',
    payload,
    chunkSigner:
      payload.type === 'streaming' && payload.signed
        ? new ChunkSigner(signingKey, amzDate, credentialScope(credential), seed)
        : undefined,
  };
}

/** The x-amz-content-sha256 modes: a hex SHA-256 of the body, UNSIGNED-PAYLOAD or an aws-chunked STREAMING-* mode. */
function payloadOf(value: string): S3Payload {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { type: 'sha256', hash: value.toLowerCase() };
  if (value === UNSIGNED_PAYLOAD) return { type: 'unsigned' };
  const streaming = STREAMING_PAYLOADS[value];
  if (streaming) return { type: 'streaming', ...streaming };
  if (value.startsWith('STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD')) {
    throw new S3SignatureError(
      'NotImplemented',
      'The local S3 does not implement SigV4a (ECDSA) signing; sign with AWS4-HMAC-SHA256.',
      501,
    );
  }
  throw new S3SignatureError(
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
  const fault: CredentialFault = (message, details = {}) =>
    new S3SignatureError('AuthorizationQueryParametersError', message, 400, details);
  const algorithm = param('X-Amz-Algorithm');
  const credentialText = param('X-Amz-Credential');
  const amzDate = param('X-Amz-Date');
  const expiresText = param('X-Amz-Expires');
  const signedHeaderList = param('X-Amz-SignedHeaders');
  const signature = param('X-Amz-Signature');
  if (
    algorithm === undefined ||
    credentialText === undefined ||
    amzDate === undefined ||
    expiresText === undefined ||
    signedHeaderList === undefined ||
    signature === undefined
  ) {
    throw fault(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (algorithm !== SIGV4_ALGORITHM) throw fault('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const { credential, principal } = resolveS3Signer(credentialText, options, (message, details) =>
    fault(`Error parsing the X-Amz-Credential parameter; ${message}`, details),
  );
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw fault("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  if (!/^-?\d+$/.test(expiresText)) throw fault('X-Amz-Expires should be a number');
  const expires = Number(expiresText);
  if (expires < 0) throw fault('X-Amz-Expires must be non-negative');
  if (expires > MAX_PRESIGN_SECONDS)
    throw fault(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}`);
  if (amzDate.slice(0, 8) !== credential.date)
    throw fault(
      'Error parsing the X-Amz-Credential parameter; Invalid credential date. Date is not the same as X-Amz-Date.',
    );
  if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS)
    throw new S3SignatureError('AccessDenied', 'Request is not valid yet', 403);
  if (now.getTime() > signingDate.getTime() + expires * 1000) {
    throw new S3SignatureError('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': expiresText,
      Expires: new Date(signingDate.getTime() + expires * 1000).toISOString(),
      ServerTime: now.toISOString(),
    });
  }
  const signedHeaders = signedHeaderList.split(';').map((name) => name.trim().toLowerCase());
  if (!signedHeaders.includes('host')) throw fault("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  requireSignedAmzHeaders(request.headers, signedHeaders);
  // A presigned URL's body is never signed, unless the signer put a real hash in the query.
  const payloadHash = param('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD;
  const payload = payloadOf(payloadHash);
  if (payload.type === 'streaming')
    throw fault('X-Amz-Content-Sha256 cannot be a streaming payload in a presigned URL.');
  checkSignature({
    request,
    signedHeaders,
    params: params.filter(([name]) => name !== 'X-Amz-Signature'),
    payloadHash,
    amzDate,
    credential,
    signingKey: deriveSigningKey(principal.secretAccessKey, credential.date, credential.region, credential.service),
    provided: signature,
  });
  return { accessKeyId: credential.accessKeyId, principal, via: 'query', payload };
}
