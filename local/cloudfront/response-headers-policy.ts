import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';

// CloudFront's response headers policies, from terraform/response-headers-policies.json (the
// table Terraform's aws_cloudfront_response_headers_policy reads). CloudFront applies a policy to
// the response it sends the viewer, from its cache or from the origin alike; its CORS headers go
// on responses to CORS requests, those with an Origin header.

export interface CorsPolicy {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
  allowCredentials: boolean;
  /** true: the policy's header replaces the origin's; false: the origin's, when it sent one, stays. */
  originOverride: boolean;
}

export interface ResponseHeadersPolicy {
  cors: CorsPolicy;
}

const TABLE = path.resolve(__dirname, '..', '..', 'terraform', 'response-headers-policies.json');

/** One policy of the table by its name there ("playback"). */
export function loadResponseHeadersPolicy(name: string): ResponseHeadersPolicy {
  const table = JSON.parse(readFileSync(TABLE, 'utf8')) as Record<string, ResponseHeadersPolicy | string>;
  const policy = table[name];
  if (typeof policy !== 'object') throw new Error(`${TABLE} has no response headers policy named ${name}.`);
  return policy;
}

/** A CloudFront origin wildcard: "*" alone, or "*." as the leftmost label (*.example.org). */
function originAllowed(patterns: string[], origin: string): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*' || pattern === origin) return true;
    if (!pattern.includes('://*.')) return false;
    const [scheme, host] = pattern.split('://*.');
    return origin.startsWith(`${scheme}://`) && origin.endsWith(`.${host}`);
  });
}

/** The CORS headers the policy gives a response to this request; none when it is not a CORS request. */
export function corsHeadersFor(
  policy: CorsPolicy,
  method: string,
  requestHeaders: IncomingHttpHeaders,
): Record<string, string> {
  const origin = requestHeaders.origin;
  if (!origin || !originAllowed(policy.allowOrigins, origin)) return {};
  const headers: Record<string, string> = {
    'access-control-allow-origin': policy.allowOrigins.includes('*') ? '*' : origin,
  };
  if (policy.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (policy.exposeHeaders.length > 0) headers['access-control-expose-headers'] = policy.exposeHeaders.join(', ');
  const preflight = method === 'OPTIONS' && requestHeaders['access-control-request-method'] !== undefined;
  if (preflight) {
    headers['access-control-allow-methods'] = policy.allowMethods.join(', ');
    headers['access-control-allow-headers'] = policy.allowHeaders.join(', ');
    if (policy.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(policy.maxAgeSeconds);
  }
  return headers;
}

/**
 * The headers the viewer receives: the origin's (or the cached copy's), with the policy applied.
 * Header names are lower case on both sides.
 */
export function applyResponseHeadersPolicy(
  policy: ResponseHeadersPolicy,
  method: string,
  requestHeaders: IncomingHttpHeaders,
  originHeaders: OutgoingHttpHeaders,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ...originHeaders };
  for (const [name, value] of Object.entries(corsHeadersFor(policy.cors, method, requestHeaders))) {
    if (policy.cors.originOverride || headers[name] === undefined) headers[name] = value;
  }
  return headers;
}
