import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import { buildStringToSign, hmacHex } from './signing';

// A request's signature, computed again the way the AWS SDK computes it: the canonical request is
// built by @smithy/signature-v4 itself (the signer every SDK client uses), so a request verifies
// here exactly when the SDK's signature of it would match.

/** Headers as node gives them: by name, repeated headers as arrays. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface RequestToSign {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** Query parameters, decoded, in any order; repeated names allowed. */
  query: Array<[string, string]>;
  headers: RequestHeaders;
  /** The header names the signature covers, lower-case. */
  signedHeaders: string[];
  /** The hash the signature binds the body with (or UNSIGNED-PAYLOAD, STREAMING-...). */
  payloadHash: string;
  /** Every service but S3 normalises the path and escapes it once more. */
  uriEscapePath: boolean;
  /** yyyymmddThhmmssZ */
  amzDate: string;
  /** The credential scope, `<yyyymmdd>/<region>/<service>/aws4_request`. */
  scope: string;
  signingKey: Buffer;
}

export interface RequestSignature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** The SDK's signer, with the step that builds the canonical request opened up. */
class CanonicalRequestBuilder extends SignatureV4 {
  constructor(uriEscapePath: boolean) {
    // Only the canonical request is asked of it: the credentials and scope are never read.
    super({
      credentials: { accessKeyId: '', secretAccessKey: '' },
      region: '',
      service: '',
      sha256: Sha256,
      uriEscapePath,
    });
  }

  build(request: HttpRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }
}

const escapingPath = new CanonicalRequestBuilder(true);
const pathAsSent = new CanonicalRequestBuilder(false);

/** A header by name in any case; repeated values trimmed and joined with ',', as SigV4 signs them. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const key = Object.hasOwn(headers, name)
    ? name
    : Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.map((item) => item.trim()).join(',') : value;
}

export function computeRequestSignature(request: RequestToSign): RequestSignature {
  const headers: Record<string, string> = {};
  for (const name of request.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const query = new Map<string, string[]>();
  for (const [name, value] of request.query) query.set(name, [...(query.get(name) ?? []), value]);
  const httpRequest = new HttpRequest({
    method: request.method,
    path: request.path || '/',
    query: Object.fromEntries([...query].map(([name, values]) => [name, values.length === 1 ? values[0]! : values])),
    headers,
  });
  // Signed headers are canonical whatever their name: the SDK would not sign user-agent, but a client may.
  const canonicalHeaders = getCanonicalHeaders(httpRequest, undefined, new Set(request.signedHeaders));
  const builder = request.uriEscapePath ? escapingPath : pathAsSent;
  const canonicalRequest = builder.build(httpRequest, canonicalHeaders, request.payloadHash);
  const stringToSign = buildStringToSign(request.amzDate, request.scope, canonicalRequest);
  return { canonicalRequest, stringToSign, signature: hmacHex(request.signingKey, stringToSign) };
}
