import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { credentialDirectory } from '../iam';
import type { CredentialDirectory, LocalPrincipal } from '../iam';

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
  /** Who signed: the root credentials or a Lambda role's, with the policies IAM holds it to. */
  principal: LocalPrincipal;
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
export const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Verifies a SigV4 Authorization header the way AWS does: find the secret of the access key the
 * client named, recompute the signature over the headers it signed, and compare in constant time.
 */
export interface VerifyOptions {
  now?: Date;
  /** The signing scope this endpoint answers to; AWS refuses a signature scoped to anything else. */
  scope?: { service: string; region?: string };
}

export async function verifySigV4(
  request: SignedRequest,
  credentials: LocalCredentials | CredentialDirectory,
  options: VerifyOptions = {},
): Promise<VerifiedSignature> {
  const now = options.now ?? new Date();
  const header = headerValue(request.headers, 'authorization');
  const match = header ? AUTH_PATTERN.exec(header.trim()) : null;
  if (!match) {
    throw new SignatureError(
      'Authorization header requires Credential, SignedHeaders and Signature.',
      'IncompleteSignatureException',
    );
  }
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match;
  const principal = credentialDirectory(credentials).principal(accessKeyId);
  if (!principal) {
    throw new SignatureError('The security token included in the request is invalid.', 'UnrecognizedClientException');
  }
  if (options.scope && service !== options.scope.service) {
    throw new SignatureError(
      `Credential should be scoped to correct service: '${options.scope.service}'.`,
      'InvalidSignatureException',
    );
  }
  if (options.scope?.region && region !== options.scope.region) {
    throw new SignatureError(
      `Credential should be scoped to a valid region, not '${region}'.`,
      'InvalidSignatureException',
    );
  }
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!signingDate) {
    throw new SignatureError(
      'Authorization header requires existence of either a X-Amz-Date or a Date header.',
      'IncompleteSignatureException',
    );
  }
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new SignatureError(
      `Signature expired: ${amzDate} is now earlier or later than 15 minutes from the server time.`,
      'InvalidSignatureException',
    );
  }
  // A signed payload hash header stands in for the body in the signature: it must be the body's.
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw new SignatureError(
      'The provided x-amz-content-sha256 header does not match what was computed.',
      'InvalidSignatureException',
    );
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
    credentials: { accessKeyId, secretAccessKey: principal.secretAccessKey },
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
  return { accessKeyId, region, service, principal };
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(',') : value;
}

export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}
