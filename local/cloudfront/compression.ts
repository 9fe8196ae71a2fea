import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// CloudFront's "compress objects automatically", which both distributions of terraform/cloudfront.tf
// turn on (compress = true, with Managed-CachingOptimized, whose cache key allows Gzip and Brotli):
// an answer whose type CloudFront compresses, of 1,000 to 10,000,000 bytes, goes to a viewer that
// accepts it as Brotli (preferred) or Gzip. Browsers ask for Brotli over HTTPS only, so the local
// cloud's plain-HTTP pages get Gzip.

export type ContentEncoding = 'br' | 'gzip';

const MIN_BYTES = 1_000;
const MAX_BYTES = 10_000_000;

/** The types of CloudFront's list that the web app's files have (terraform/web-files.json). */
const COMPRESSIBLE_TYPES = new Set([
  'application/javascript',
  'application/json',
  'application/manifest+json',
  'application/xml',
  'image/svg+xml',
  'image/x-icon',
  'text/css',
  'text/html',
  'text/javascript',
  'text/plain',
]);

/** The codings an Accept-Encoding header accepts (a q of 0 refuses one). */
function acceptedCodings(header: string): Set<string> {
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}

/** How CloudFront would encode this answer for this viewer, or undefined to send it as it is. */
export function chooseContentEncoding(
  acceptEncoding: string | undefined,
  contentType: string,
  bytes: number,
): ContentEncoding | undefined {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!acceptEncoding || !COMPRESSIBLE_TYPES.has(mediaType) || bytes < MIN_BYTES || bytes > MAX_BYTES) return undefined;
  const accepted = acceptedCodings(acceptEncoding);
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

export function compressBody(body: Buffer, encoding: ContentEncoding): Buffer {
  // A middling Brotli quality: the top one takes seconds on a large bundle.
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
    : gzipSync(body);
}
