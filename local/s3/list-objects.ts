import { OWNER_ID } from './constants';
import type { S3Context } from './context';
import { encodeEventKey } from './event-notification';
import { invalidArgument } from './errors';
import type { ObjectMeta } from './store';
import { element } from './xml';
import { sendXml } from './xml-io';

// ListObjectsV2 (and the older ListObjects), ListBuckets and GetBucketLocation.

const owner = () => `<Owner>${element('ID', OWNER_ID)}${element('DisplayName', 'local')}</Owner>`;

interface Listing {
  contents: ObjectMeta[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned, and whether it was a prefix. */
  last?: { value: string; isPrefix: boolean };
}

/**
 * One page of a listing in S3's order. Common prefixes count toward max-keys like keys; resuming
 * after a common prefix skips every key under it, so each key or prefix comes back exactly once.
 */
function listPage(
  ctx: S3Context,
  options: { prefix: string; delimiter: string; maxKeys: number; after?: string; skipPrefix?: string },
): Listing {
  const listing: Listing = { contents: [], prefixes: [], truncated: false };
  if (options.maxKeys === 0) return listing;
  for (const meta of ctx.services.store.list(ctx.bucket, { after: options.after, from: options.prefix })) {
    if (!meta.key.startsWith(options.prefix)) break;
    if (options.skipPrefix !== undefined && meta.key.startsWith(options.skipPrefix)) continue;
    const rest = meta.key.slice(options.prefix.length);
    const cut = options.delimiter ? rest.indexOf(options.delimiter) : -1;
    const common = cut >= 0 ? options.prefix + rest.slice(0, cut + options.delimiter.length) : undefined;
    if (common !== undefined && listing.last?.isPrefix && listing.last.value === common) continue;
    if (listing.contents.length + listing.prefixes.length >= options.maxKeys) {
      listing.truncated = true;
      break;
    }
    if (common !== undefined) {
      listing.prefixes.push(common);
      listing.last = { value: common, isPrefix: true };
    } else {
      listing.contents.push(meta);
      listing.last = { value: meta.key, isPrefix: false };
    }
  }
  return listing;
}

function parseMaxKeys(ctx: S3Context): number {
  const text = ctx.query.get('max-keys');
  if (text === undefined) return 1000;
  if (!/^\d+$/.test(text) || Number(text) > 2147483647)
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text);
  return Math.min(1000, Number(text));
}

function encoder(ctx: S3Context): (text: string) => string {
  const type = ctx.query.get('encoding-type');
  if (type !== undefined && type !== 'url')
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return type === 'url' ? encodeEventKey : (text) => text;
}

function contentsXml(meta: ObjectMeta, encode: (text: string) => string, withOwner: boolean): string {
  return (
    '<Contents>' +
    element('Key', encode(meta.key)) +
    element('LastModified', meta.lastModified) +
    element('ETag', `"${meta.etag}"`) +
    (meta.checksum
      ? element('ChecksumAlgorithm', meta.checksum.algorithm) + element('ChecksumType', meta.checksum.type)
      : '') +
    element('Size', meta.size) +
    (withOwner ? owner() : '') +
    element('StorageClass', meta.storageClass ?? 'STANDARD') +
    '</Contents>'
  );
}

/** Continuation tokens are opaque to clients: the resume point, base64url-encoded and tagged. */
function encodeToken(last: NonNullable<Listing['last']>): string {
  return Buffer.from(JSON.stringify({ v: 1, after: last.value, prefix: last.isPrefix })).toString('base64url');
}

function decodeToken(token: string): { after: string; prefix: boolean } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: number;
      after?: unknown;
      prefix?: unknown;
    };
    if (parsed.v === 1 && typeof parsed.after === 'string' && typeof parsed.prefix === 'boolean')
      return { after: parsed.after, prefix: parsed.prefix };
  } catch {
    // Falls through to S3's answer for a token it did not issue.
  }
  throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
}

export function listObjectsV2(ctx: S3Context): void {
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(ctx);
  const encode = encoder(ctx);
  const token = ctx.query.get('continuation-token');
  const startAfter = ctx.query.get('start-after');
  const resume = token !== undefined ? decodeToken(token) : undefined;
  const page = listPage(ctx, {
    prefix,
    delimiter,
    maxKeys,
    after: resume ? resume.after : startAfter,
    skipPrefix: resume?.prefix ? resume.after : undefined,
  });
  const withOwner = ctx.query.get('fetch-owner') === 'true';
  const inner =
    element('Name', ctx.bucket) +
    element('Prefix', encode(prefix)) +
    (delimiter ? element('Delimiter', encode(delimiter)) : '') +
    element('MaxKeys', maxKeys) +
    (ctx.query.has('encoding-type') ? element('EncodingType', 'url') : '') +
    element('KeyCount', page.contents.length + page.prefixes.length) +
    element('IsTruncated', page.truncated) +
    (token !== undefined ? element('ContinuationToken', token) : '') +
    (page.truncated && page.last ? element('NextContinuationToken', encodeToken(page.last)) : '') +
    (startAfter !== undefined ? element('StartAfter', encode(startAfter)) : '') +
    page.contents.map((meta) => contentsXml(meta, encode, withOwner)).join('') +
    page.prefixes.map((common) => `<CommonPrefixes>${element('Prefix', encode(common))}</CommonPrefixes>`).join('');
  sendXml(ctx.res, 'ListBucketResult', inner);
}

/** The original ListObjects: a marker instead of a token, NextMarker only with a delimiter. */
export function listObjectsV1(ctx: S3Context): void {
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(ctx);
  const encode = encoder(ctx);
  const marker = ctx.query.get('marker') ?? '';
  // A marker that is a common prefix resumes after everything under it, as S3 does.
  const markerIsPrefix = delimiter !== '' && marker.startsWith(prefix) && marker.endsWith(delimiter);
  const page = listPage(ctx, {
    prefix,
    delimiter,
    maxKeys,
    after: marker || undefined,
    skipPrefix: markerIsPrefix ? marker : undefined,
  });
  const inner =
    element('Name', ctx.bucket) +
    element('Prefix', encode(prefix)) +
    element('Marker', encode(marker)) +
    (page.truncated && delimiter && page.last ? element('NextMarker', encode(page.last.value)) : '') +
    element('MaxKeys', maxKeys) +
    (delimiter ? element('Delimiter', encode(delimiter)) : '') +
    (ctx.query.has('encoding-type') ? element('EncodingType', 'url') : '') +
    element('IsTruncated', page.truncated) +
    page.contents.map((meta) => contentsXml(meta, encode, true)).join('') +
    page.prefixes.map((common) => `<CommonPrefixes>${element('Prefix', encode(common))}</CommonPrefixes>`).join('');
  sendXml(ctx.res, 'ListBucketResult', inner);
}

export function listBuckets(ctx: S3Context): void {
  const buckets = ctx.services.store
    .buckets()
    .map(
      (bucket) =>
        `<Bucket>${element('Name', bucket.name)}${element('CreationDate', bucket.created)}${element('BucketRegion', ctx.services.region)}</Bucket>`,
    )
    .join('');
  sendXml(ctx.res, 'ListAllMyBucketsResult', `${owner()}<Buckets>${buckets}</Buckets>`);
}

export function getBucketLocation(ctx: S3Context): void {
  // us-east-1 is the empty constraint, as on S3.
  sendXml(ctx.res, 'LocationConstraint', ctx.services.region === 'us-east-1' ? '' : ctx.services.region);
}
