import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../lib/guard';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import { EdgeCache } from './edge-cache';
import type { CachedAnswer, EdgeCacheOptions } from './edge-cache';
import { applyResponseHeadersPolicy, loadResponseHeadersPolicy } from './response-headers-policy';

// The playback distribution of terraform/cloudfront.tf, locally: the playback bucket (the local
// S3) behind a URL of its own, with the distribution's response headers policy applied to every
// answer, so a page reaches the HLS files the way it does on AWS. playbackBaseUrl is this URL, and
// object keys are its paths (<url>/<videoId>/hls/index.m3u8), as on the distribution's domain.
// Its cache is CloudFront's (edge-cache.ts): a file once played is served from it, whatever became
// of the object in S3, until it expires or an invalidation (CreateInvalidation on the local
// CloudFront API, invalidation-api.ts) removes it. The policy is applied after the cache, so a hit
// gets the headers a miss gets.

export interface PlaybackDistributionOptions {
  port: number;
  /** The origin: the playback bucket's path-style URL on the local S3 (http://127.0.0.1:4030/videopipe-playback). */
  originUrl: string;
  host?: string;
  log?: Log;
  /** The cache's clock and size (tests move the clock rather than wait a day). */
  cache?: EdgeCacheOptions;
}

export interface PlaybackDistribution {
  url: string;
  /** What CreateInvalidation acts on: the distribution's cache. */
  cache: EdgeCache;
  close(): Promise<void>;
}

/** The playback distribution's id locally (an id as CloudFront makes them: E and 13 more). */
export const LOCAL_PLAYBACK_DISTRIBUTION_ID = 'ELOCALPLAYBACK';

/** The distribution's allowed_methods. */
const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// What reaches S3: the Managed-CORS-S3Origin origin request policy forwards Origin and the two
// preflight headers; CloudFront itself serves ranges and revalidations, which forwarding these
// reproduces. No query string, cookie or other header (Managed-CachingOptimized forwards none).
const FORWARDED_HEADERS = [
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'range',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
];

// Hop-by-hop headers belong to one connection, not to the answer passed on.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

// A range or a revalidation goes to the origin as it is: the local cache keeps whole answers only.
const UNCACHED_REQUEST_HEADERS = ['range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since'];

export async function startPlaybackDistribution(options: PlaybackDistributionOptions): Promise<PlaybackDistribution> {
  const policy = loadResponseHeadersPolicy('playback');
  const origin = new URL(options.originUrl);
  const cache = new EdgeCache(options.cache);
  const server = createLocalServer(
    (req, res) => {
      const method = req.method ?? 'GET';
      if (!ALLOWED_METHODS.has(method)) {
        // CloudFront's answer to a method the behaviour does not allow.
        const body =
          'This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.\n';
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      // WHATWG URL parsing folds "." and ".." segments ("%2e%2e" too), so a path stays in the bucket;
      // the path is appended to the base, so "//host:port/..." stays a path, not an authority.
      const pathname = new URL(`http://playback.local${req.url ?? '/'}`).pathname;
      const cacheable =
        (method === 'GET' || method === 'HEAD') && UNCACHED_REQUEST_HEADERS.every((name) => !req.headers[name]);
      const cached = cacheable ? cache.get(pathname) : undefined;
      if (cached) {
        sendCached(cached, res, method, applyResponseHeadersPolicy(policy, method, req.headers, cached.headers));
        return;
      }
      const upstream = httpRequest(
        {
          protocol: origin.protocol,
          hostname: origin.hostname,
          port: origin.port,
          method,
          path: `${origin.pathname.replace(/\/+$/, '')}${pathname}`,
          headers: forwardedHeaders(req.headers),
        },
        (answer) => {
          const headers = originHeaders(answer);
          relay(answer, res, applyResponseHeadersPolicy(policy, method, req.headers, { ...headers, 'x-cache': MISS }));
          if (cacheable && method === 'GET' && answer.statusCode === 200)
            keepWhenWhole(answer, cache.maxBytes, (body) => cache.put(pathname, { status: 200, headers, body }));
        },
      );
      upstream.on('error', (error) => {
        // CloudFront's 502 when the origin cannot be reached.
        if (!res.headersSent) {
          res.writeHead(
            502,
            applyResponseHeadersPolicy(policy, method, req.headers, { 'content-type': 'text/plain; charset=utf-8' }),
          );
          res.end(`The playback origin could not be reached: ${error.message}\n`);
        } else res.destroy();
      });
      req.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end();
    },
    {
      service: 'Playback',
      log: options.log,
      // CloudFront's answer when the distribution itself fails.
      answerInternalError: (res, req) => {
        res.writeHead(
          500,
          applyResponseHeadersPolicy(policy, req.method ?? 'GET', req.headers, {
            'content-type': 'text/plain; charset=utf-8',
          }),
        );
        res.end('The playback distribution failed to answer this request.\n');
      },
    },
  );
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port, host, 'Playback');
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, cache, close: () => closeServer(server) };
}

// CloudFront's X-Cache values.
const HIT = 'Hit from cloudfront';
const MISS = 'Miss from cloudfront';

function sendCached(cached: CachedAnswer, res: ServerResponse, method: string, headers: OutgoingHttpHeaders): void {
  res.writeHead(cached.status, { ...headers, 'content-length': cached.body.length, 'x-cache': HIT });
  res.end(method === 'HEAD' ? undefined : cached.body);
}

/** Collects the origin's body as it is relayed; hands it over once whole, unless it outgrew the cache. */
function keepWhenWhole(answer: IncomingMessage, maxBytes: number, keep: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  answer.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  });
  answer.on('end', () => {
    if (size <= maxBytes && answer.complete) keep(Buffer.concat(chunks));
  });
}

function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const forwarded: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_HEADERS) if (headers[name] !== undefined) forwarded[name] = headers[name];
  return forwarded;
}

function originHeaders(answer: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(answer.headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  return headers;
}

function relay(answer: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders): void {
  res.writeHead(answer.statusCode ?? 502, headers);
  answer.pipe(res);
  answer.on('error', () => res.destroy());
}
