import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsRule } from './buckets';
import { S3Error } from './errors';

function originMatches(pattern: string, origin: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === origin;
  const [head, tail] = pattern.split('*');
  return origin.startsWith(head) && origin.endsWith(tail);
}

function findRule(rules: CorsRule[], origin: string, method: string, headers: string[]): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((pattern) => originMatches(pattern, origin)) &&
      rule.allowedMethods.includes(method) &&
      headers.every((header) => rule.allowedHeaders.some((allowed) => allowed === '*' || allowed.toLowerCase() === header)),
  );
}

function allowOrigin(rule: CorsRule): string | undefined {
  return rule.allowedOrigins.includes('*') ? '*' : undefined;
}

/** A preflight, answered from the bucket's CORS rules the way S3 does (403 when none matches). */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, rules: CorsRule[]): void {
  const origin = String(req.headers.origin ?? '');
  const method = String(req.headers['access-control-request-method'] ?? '');
  const headers = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter(Boolean);
  const rule = origin && method ? findRule(rules, origin, method, headers) : undefined;
  if (!rule) throw new S3Error('AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.', 403);
  res.writeHead(200, {
    'access-control-allow-origin': allowOrigin(rule) ?? origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    ...(headers.length > 0 ? { 'access-control-allow-headers': headers.join(', ') } : {}),
    ...(rule.exposeHeaders ? { 'access-control-expose-headers': rule.exposeHeaders.join(', ') } : {}),
    ...(rule.maxAgeSeconds ? { 'access-control-max-age': String(rule.maxAgeSeconds) } : {}),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  });
  res.end();
}

/** CORS headers on an actual request from a browser, when a rule allows it. */
export function applyCors(req: IncomingMessage, res: ServerResponse, rules: CorsRule[]): void {
  const origin = req.headers.origin;
  if (!origin) return;
  const rule = findRule(rules, origin, req.method ?? 'GET', []);
  res.setHeader('vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  if (!rule) return;
  res.setHeader('access-control-allow-origin', allowOrigin(rule) ?? origin);
  res.setHeader('access-control-allow-methods', rule.allowedMethods.join(', '));
  if (rule.exposeHeaders) res.setHeader('access-control-expose-headers', rule.exposeHeaders.join(', '));
}
