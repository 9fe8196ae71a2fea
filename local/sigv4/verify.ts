import { credentialDirectory } from '../iam';
import type { CredentialDirectory, LocalPrincipal } from '../iam';
import {
  credentialScope,
  parseAuthorizationHeader,
  parseCredential,
  SCOPE_TERMINAL,
  SIGV4_ALGORITHM,
} from './credential';
import { SignatureError } from './errors';
import { computeRequestSignature, headerValue } from './request-signature';
import type { RequestHeaders } from './request-signature';
import { deriveSigningKey, MAX_SKEW_MS, parseAmzDate, sha256Hex, signaturesEqual } from './signing';

// SigV4 as the JSON and query services check it (SQS, DynamoDB, Cognito, AppSync, MediaConvert):
// an Authorization header only, refused with their error codes. S3's flavour is s3-request.ts.

export { SignatureError } from './errors';

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
  headers: RequestHeaders;
  body: string;
}

/** What a JSON/REST service's HTTP request offers for verification: method, host, path, query, headers and body. */
export function signedRequestOf(
  req: { method?: string; headers: RequestHeaders & { host?: string } },
  url: URL,
  body: string,
): SignedRequest {
  return {
    method: req.method ?? 'GET',
    host: String(req.headers.host ?? ''),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body,
  };
}

export interface VerifiedSignature {
  accessKeyId: string;
  region: string;
  service: string;
  /** Who signed: the root credentials or a Lambda role's, with the policies IAM holds it to. */
  principal: LocalPrincipal;
}

export interface VerifyOptions {
  now?: Date;
  /** The signing scope this endpoint answers to; AWS refuses a signature scoped to anything else. */
  scope?: { service: string; region?: string };
}

const incomplete = () =>
  new SignatureError(
    'Authorization header requires Credential, SignedHeaders and Signature.',
    'IncompleteSignatureException',
  );

/** The Authorization header's signer, scope, signed headers and signature; IncompleteSignatureException unless all are there. */
function readAuthorization(headers: RequestHeaders) {
  const header = headerValue(headers, 'authorization')?.trim();
  if (header === undefined) throw incomplete();
  const { algorithm, fields } = parseAuthorizationHeader(header);
  const credential = parseCredential(fields.Credential ?? '');
  const signature = fields.Signature;
  if (
    algorithm !== SIGV4_ALGORITHM ||
    !credential ||
    !credential.accessKeyId ||
    !credential.region ||
    !credential.service ||
    credential.terminal !== SCOPE_TERMINAL ||
    !fields.SignedHeaders ||
    signature === undefined ||
    !/^[0-9a-f]{64}$/.test(signature)
  )
    throw incomplete();
  return { credential, signedHeaders: fields.SignedHeaders.split(';'), signature };
}

/**
 * Verifies a SigV4 Authorization header the way AWS does: find the secret of the access key the
 * client named, recompute the signature over the headers it signed, and compare in constant time.
 */
export async function verifySigV4(
  request: SignedRequest,
  credentials: LocalCredentials | CredentialDirectory,
  options: VerifyOptions = {},
): Promise<VerifiedSignature> {
  const now = options.now ?? new Date();
  const { credential, signedHeaders, signature } = readAuthorization(request.headers);
  const { accessKeyId, region, service } = credential;
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
  if (!amzDate || !signingDate) {
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
  const bodyHash = sha256Hex(request.body);
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (payloadHash !== undefined && payloadHash !== bodyHash) {
    throw new SignatureError(
      'The provided x-amz-content-sha256 header does not match what was computed.',
      'InvalidSignatureException',
    );
  }
  const headers: RequestHeaders = {};
  for (const name of signedHeaders) {
    const value = name === 'host' ? request.host : headerValue(request.headers, name);
    if (value === undefined) {
      throw new SignatureError(`Signed header ${name} is missing from the request.`, 'InvalidSignatureException');
    }
    headers[name] = value;
  }
  const expected = computeRequestSignature({
    method: request.method,
    path: request.path,
    query: Object.entries(request.query ?? {}).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, item]),
    ),
    headers,
    signedHeaders,
    payloadHash: payloadHash ?? bodyHash,
    // S3 signs the path as sent; every other service escapes it once more.
    uriEscapePath: service !== 's3',
    amzDate,
    scope: credentialScope(credential),
    signingKey: deriveSigningKey(principal.secretAccessKey, credential.date, region, service),
  }).signature;
  if (!signaturesEqual(expected, signature)) {
    throw new SignatureError(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      'InvalidSignatureException',
    );
  }
  return { accessKeyId, region, service, principal };
}
