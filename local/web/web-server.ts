import { createReadStream, existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ClientConfig } from '../../common/client-config';
import { buildViewerRequestEvent, chooseContentEncoding, compressBody, loadViewerRequestFunction } from '../cloudfront';
import type { ContentEncoding, ViewerRequestFunction } from '../cloudfront';
import type { Log } from '../lib/guard';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import { notBuiltPage } from './not-built-page';
import { resolveInsideRoot } from './safe-path';
import { cacheControlFor, contentTypeFor } from './web-files';

// The web app of the local cloud: the Vite build of client/ as CloudFront serves it on AWS. Every
// request first goes through the web distribution's own viewer-request function
// (terraform/cloudfront-functions/spa-routing.js, the file Terraform deploys), which sends the
// SPA's routes to /index.html; then the file it names is served, or a 404 as S3 answers for a
// missing key. /config.json is, on AWS, the object Terraform writes from its outputs.

/** Where `npm run build` (Vite) writes the client. */
export const DEFAULT_WEB_ROOT = path.resolve(__dirname, '..', '..', 'build', 'client');

export interface WebServerOptions {
  port: number;
  /** The built client; default build/client. Tests pass a directory of their own. */
  root?: string;
  /** Read on every request, so the answer always matches the running cloud. */
  clientConfig: () => ClientConfig;
  host?: string;
  log?: Log;
}

export interface WebServer {
  url: string;
  root: string;
  close(): Promise<void>;
}

// CloudFront's Managed-SecurityHeadersPolicy sends the same on AWS. No CSP: the app talks to
// endpoints (AppSync, Cognito, S3) whose addresses only config.json knows.
const SECURITY_HEADERS: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
};

/** Compressed files, by coding and path, for the ETag they were made from: one copy each, replaced by a rebuild's. */
type CompressedFiles = Map<string, { etag: string; body: Buffer }>;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = path.resolve(options.root ?? DEFAULT_WEB_ROOT);
  const routing = loadViewerRequestFunction('spa-routing');
  const compressed: CompressedFiles = new Map();
  const server = createLocalServer((req, res) => handle(req, res, root, routing, options.clientConfig, compressed), {
    service: 'Web app',
    log: options.log,
    answerInternalError: (res, req) =>
      send(res, req, 500, { 'content-type': 'text/plain; charset=utf-8' }, 'Internal error: see the log.\n'),
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port, host, 'Web app');
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    root,
    close: () => closeServer(server),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  routing: ViewerRequestFunction,
  clientConfig: () => ClientConfig,
  compressed: CompressedFiles,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(
      res,
      req,
      405,
      { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
      `${req.method} is not allowed: this server only serves files (GET, HEAD).\n`,
    );
    return;
  }
  let url: URL;
  try {
    // WHATWG URL parsing folds "." and ".." segments, "%2e%2e" included, before anything else.
    url = new URL(req.url ?? '/', 'http://web.local');
  } catch {
    send(res, req, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'Bad request path.\n');
    return;
  }
  const routed = routing(buildViewerRequestEvent(req, url, 'LOCAL-WEB'));
  // spa-routing.js only rewrites the URI; a function that answers by itself (a redirect) would need
  // its response sent here, which nothing needs yet: say so rather than serve something else.
  if (routed.type === 'response')
    throw new Error(
      'spa-routing.js returned a response of its own, which the local web app does not serve yet (local/web/web-server.ts).',
    );
  // The function's URI is what CloudFront asks the bucket for.
  const pathname = routed.request.uri;
  if (pathname === '/config.json') {
    send(
      res,
      req,
      200,
      { 'content-type': 'application/json', 'cache-control': 'no-store' },
      `${JSON.stringify(clientConfig())}\n`,
    );
    return;
  }
  // Checked on every request: a build made while the cloud runs is served without a restart.
  if (!existsSync(path.join(root, 'index.html'))) {
    send(
      res,
      req,
      503,
      { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' },
      notBuiltPage(root),
    );
    return;
  }
  const target = resolveInsideRoot(root, pathname);
  if (target === null) {
    send(res, req, 403, { 'content-type': 'text/plain; charset=utf-8' }, 'Forbidden: the path leaves the web root.\n');
    return;
  }
  const found = await fileInside(root, target);
  if (found) {
    await sendFile(req, res, found.file, found.stats, path.relative(root, found.file), compressed);
    return;
  }
  // What S3 answers CloudFront for a missing key (the web bucket lets CloudFront list it, so 404,
  // not 403): never index.html, so a broken asset link or a missing file shows as what it is.
  send(res, req, 404, { 'content-type': 'application/xml' }, noSuchKey(pathname));
}

function noSuchKey(pathname: string): string {
  const key = pathname.replace(/^\//, '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`;
}

/** The regular file at target, its symlinks followed, when it exists and is still inside root. */
async function fileInside(root: string, target: string): Promise<{ file: string; stats: Stats } | null> {
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
    if (!realTarget.startsWith(`${realRoot}${path.sep}`)) return null;
    const stats = await stat(realTarget);
    return stats.isFile() ? { file: target, stats } : null;
  } catch {
    return null;
  }
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  stats: Stats,
  relativePath: string,
  compressed: CompressedFiles,
): Promise<void> {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers: OutgoingHttpHeaders = {
    'content-type': contentTypeFor(file),
    'cache-control': cacheControlFor(relativePath),
    etag,
    'last-modified': stats.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...SECURITY_HEADERS, ...headers });
    res.end();
    return;
  }
  const encoding = chooseContentEncoding(req.headers['accept-encoding'], headers['content-type'] as string, stats.size);
  if (encoding) {
    const body = await compressedFile(compressed, file, etag, encoding);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      ...headers,
      'content-encoding': encoding,
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-length': stats.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

async function compressedFile(
  compressed: CompressedFiles,
  file: string,
  etag: string,
  encoding: ContentEncoding,
): Promise<Buffer> {
  const key = `${encoding} ${file}`;
  const kept = compressed.get(key);
  if (kept?.etag === etag) return kept.body;
  const body = compressBody(await readFile(file), encoding);
  compressed.set(key, { etag, body });
  return body;
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string,
): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
