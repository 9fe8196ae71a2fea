import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsRule } from './buckets';
import { S3Error } from './errors';

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** S3 allows one '*' anywhere in an allowed origin or header; headers match case-insensitively. */
function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

/** The first rule that allows this origin, method and (for a preflight) these request headers. */
export function findCorsRule(
  rules: CorsRule[],
  origin: string,
  method: string,
  headers: string[],
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((pattern) => wildcardMatch(pattern, origin, false)) &&
      rule.allowedMethods.some((allowed) => allowed.toUpperCase() === method) &&
      headers.every((header) => rule.allowedHeaders.some((allowed) => wildcardMatch(allowed, header, true))),
  );
}

function allowHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    ...(anyOrigin ? {} : { 'access-control-allow-credentials': 'true' }),
    ...(rule.exposeHeaders?.length ? { 'access-control-expose-headers': rule.exposeHeaders.join(', ') } : {}),
    ...(rule.maxAgeSeconds !== undefined ? { 'access-control-max-age': String(rule.maxAgeSeconds) } : {}),
  };
}

const forbidden = (message: string) => new S3Error('AccessForbidden', `CORSResponse: ${message}`, 403);

/** An OPTIONS preflight, answered from the bucket's CORS rules as S3 answers it (403 when none allows it). */
export function answerPreflight(
  req: IncomingMessage,
  res: ServerResponse,
  bucketExists: boolean,
  rules: CorsRule[],
): void {
  const origin = req.headers.origin;
  const method = req.headers['access-control-request-method'];
  if (!bucketExists) throw forbidden('Bucket not found');
  if (!origin) throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  if (!method || !['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(method))
    throw new S3Error('BadRequest', `Invalid Access-Control-Request-Method: ${method ?? 'null'}`, 400);
  if (rules.length === 0) throw forbidden('CORS is not enabled for this bucket.');
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter(Boolean);
  const rule = findCorsRule(rules, origin, method, requested);
  if (!rule) {
    // S3's own wording, misspelling included.
    throw forbidden(
      "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    );
  }
  res.writeHead(200, {
    ...allowHeaders(rule, origin),
    ...(requested.length > 0 ? { 'access-control-allow-headers': requested.join(', ') } : {}),
    vary: VARY,
    'content-length': '0',
  });
  res.end();
}

/**
 * CORS headers on an actual request (errors included, so a page can read S3's answer). Vary is
 * sent for every response of a bucket with CORS rules, so a cache never hands a response made
 * without an Origin to a page that needs the CORS headers.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, rules: CorsRule[]): void {
  if (rules.length === 0) return;
  res.setHeader('vary', VARY);
  const origin = req.headers.origin;
  if (!origin) return;
  const rule = findCorsRule(rules, origin, (req.method ?? 'GET').toUpperCase(), []);
  if (!rule) return;
  for (const [name, value] of Object.entries(allowHeaders(rule, origin))) res.setHeader(name, value);
}
