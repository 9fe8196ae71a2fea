import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { receiveBody } from './body';
import type { DefaultEncryption } from './buckets';
import { checksumHeaderName } from './checksums';
import { sendXml } from './context';
import type { S3Context } from './context';
import { missingKeyError } from './authorization';
import { invalidArgument, noSuchBucket, noSuchKey, S3Error } from './errors';
import { OWNER_ID } from './list-objects';
import { checkAclAllowed, requestedAcl } from './object-acl';
import {
  encryptionHeaders,
  isKms,
  kmsNeedsSignature,
  requestedEncryption,
  resolveEncryption,
} from './server-side-encryption';
import type { ObjectEncryption } from './server-side-encryption';
import { openWriteStream } from './store';
import type { NewObject, ObjectMeta } from './store';
import { element } from './xml';

// GetObject, HeadObject, PutObject, CopyObject and DeleteObject.

/** Headers S3 stores with an object and serves back, besides Content-Type and user metadata. */
export const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
];
const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];
const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
];
const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const MAX_COPY_BYTES = 5 * 1024 ** 3;

const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
    Condition: condition,
  });

export function checkKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES)
    throw new S3Error('KeyTooLongError', 'Your key is too long', 400, {
      MaxSizeAllowed: String(MAX_KEY_BYTES),
      Size: String(size),
    });
}

/** User metadata from x-amz-meta-* headers (or form fields): names lower-cased, 2 KB at most in all. */
export function userMetadata(source: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(source)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-amz-meta-')) continue;
    const short = lower.slice('x-amz-meta-'.length);
    metadata[short] = value;
    size += Buffer.byteLength(short, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (size > MAX_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, {
      Size: String(size),
      MaxSizeAllowed: String(MAX_METADATA_BYTES),
    });
  }
  return metadata;
}

/** Content-Type and the other stored headers from a request (aws-chunked is transport, not content). */
export function storedHeaders(source: Record<string, string>): {
  contentType: string;
  headers: Record<string, string>;
  storageClass?: string;
} {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = source[name];
    if (name === 'content-encoding' && value !== undefined) {
      value = value
        .split(',')
        .map((coding) => coding.trim())
        .filter((coding) => coding !== '' && coding.toLowerCase() !== 'aws-chunked')
        .join(',');
    }
    if (value) headers[name] = value;
  }
  const storageClass = source['x-amz-storage-class'];
  if (storageClass !== undefined && !STORAGE_CLASSES.includes(storageClass)) {
    throw new S3Error('InvalidStorageClass', 'The storage class you specified is not valid', 400, {
      StorageClassRequested: storageClass,
    });
  }
  return {
    contentType: source['content-type'] || 'binary/octet-stream',
    headers,
    storageClass: storageClass && storageClass !== 'STANDARD' ? storageClass : undefined,
  };
}

/**
 * What every write (PUT, copy, multipart, browser POST) checks before it reads a byte: the bucket's
 * ACL rule (ACLs disabled), then the encryption asked for. Headers by lower-case name, or a form's
 * fields (whose canned ACL field is `acl`). Returns the encryption the object will have.
 */
export function checkWrite(
  ctx: S3Context,
  source: Record<string, string>,
  cannedAclName: 'x-amz-acl' | 'acl' = 'x-amz-acl',
): ObjectEncryption {
  checkAclAllowed(requestedAcl(source, cannedAclName), OWNER_ID);
  return resolveEncryption(requestedEncryption(source), {
    bucketDefault: defaultEncryption(ctx),
    region: ctx.services.region,
    accountId: ctx.services.accountId,
  });
}

/** The bucket's default encryption (buckets.json; S3's default for a new bucket when unset). */
function defaultEncryption(ctx: S3Context): DefaultEncryption {
  return ctx.services.buckets.get(ctx.bucket)?.encryption ?? 'AES256';
}

/** What an object written without asking reports, and so do objects stored before the local S3 kept their encryption. */
export function bucketEncryption(ctx: S3Context): ObjectEncryption {
  return { algorithm: defaultEncryption(ctx) };
}

/** A single-part object's ETag: the MD5 of its content, except under SSE-KMS, where S3's is not. */
export function singlePartEtag(md5Hex: string, encryption: ObjectEncryption): string {
  return isKms(encryption) ? createHash('md5').update(randomBytes(16)).update(md5Hex).digest('hex') : md5Hex;
}

/** Header values must be Latin-1 on the wire: S3 sends other metadata RFC 2047-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e\t]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

export function objectHeaders(meta: ObjectMeta): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': meta.contentType,
    etag: `"${meta.etag}"`,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(meta.headers)) headers[name] = headerSafe(value);
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = headerSafe(value);
  if (meta.storageClass) headers['x-amz-storage-class'] = meta.storageClass;
  return headers;
}

/** A Range header as S3 reads it: one range; anything it cannot parse is ignored (whole object). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Number(match[2]);
  if (match[2] !== '' && end < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end: Math.min(end, size - 1) };
}

function invalidRange(header: string, size: number): S3Error {
  return new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
    RangeRequested: header,
    ActualObjectSize: String(size),
  });
}

function etagMatches(list: string, etag: string): boolean {
  return list.split(',').some((candidate) => {
    const trimmed = candidate.trim().replace(/^W\//, '');
    return trimmed === '*' || trimmed.replace(/"/g, '') === etag;
  });
}

/** Conditional reads: 412 for If-Match / If-Unmodified-Since, 304 for If-None-Match / If-Modified-Since. */
function evaluateConditions(headers: Record<string, string>, meta: ObjectMeta, prefix = ''): 'ok' | 'not-modified' {
  const modified = Math.floor(Date.parse(meta.lastModified) / 1000) * 1000;
  const ifMatch = headers[`${prefix}if-match`];
  const ifUnmodified = headers[`${prefix}if-unmodified-since`];
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, meta.etag)) throw preconditionFailed(prefix ? 'x-amz-copy-source-If-Match' : 'If-Match');
  } else if (
    ifUnmodified !== undefined &&
    !Number.isNaN(Date.parse(ifUnmodified)) &&
    modified > Date.parse(ifUnmodified)
  ) {
    throw preconditionFailed(prefix ? 'x-amz-copy-source-If-Unmodified-Since' : 'If-Unmodified-Since');
  }
  const ifNoneMatch = headers[`${prefix}if-none-match`];
  const ifModified = headers[`${prefix}if-modified-since`];
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, meta.etag)) return 'not-modified';
  } else if (ifModified !== undefined && !Number.isNaN(Date.parse(ifModified)) && modified <= Date.parse(ifModified)) {
    return 'not-modified';
  }
  return 'ok';
}

export async function getObject(ctx: S3Context): Promise<void> {
  const { store } = ctx.services;
  const meta = store.head(ctx.bucket, ctx.key);
  // Without s3:ListBucket (anyone reading a public bucket) a missing key is 403, not 404, on S3.
  if (!meta) throw missingKeyError(ctx);
  const encryption = meta.encryption ?? bucketEncryption(ctx);
  if (!ctx.auth && isKms(encryption)) throw kmsNeedsSignature();
  const overrides = RESPONSE_OVERRIDES.filter((name) => ctx.query.has(`response-${name}`));
  if (overrides.length > 0 && !ctx.auth)
    throw new S3Error(
      'InvalidRequest',
      'Request specific response headers cannot be used for anonymous GET requests.',
      400,
    );
  const headers = { ...objectHeaders(meta), ...encryptionHeaders(encryption) };
  if (evaluateConditions(ctx.headers, meta) === 'not-modified') {
    ctx.res.writeHead(304, { etag: headers.etag, 'last-modified': headers['last-modified'] });
    ctx.res.end();
    return;
  }
  const range = parseRange(ctx.headers.range, meta.size);
  for (const name of overrides) headers[name] = ctx.query.get(`response-${name}`)!;
  const checksumMode =
    (ctx.headers['x-amz-checksum-mode'] ?? ctx.query.get('x-amz-checksum-mode'))?.toUpperCase() === 'ENABLED';
  if (checksumMode && meta.checksum && !range) {
    headers[checksumHeaderName(meta.checksum.algorithm)] = meta.checksum.value;
    headers['x-amz-checksum-type'] = meta.checksum.type;
  }
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${meta.size}`;
  headers['content-length'] = String(range ? range.end - range.start + 1 : meta.size);
  const fd = ctx.req.method === 'HEAD' || meta.size === 0 ? undefined : store.openContent(ctx.bucket, meta);
  if (ctx.req.method !== 'HEAD' && meta.size > 0 && fd === undefined) throw noSuchKey(ctx.key);
  ctx.res.writeHead(range ? 206 : 200, headers);
  if (fd === undefined) {
    ctx.res.end();
    return;
  }
  const stream = createReadStream(store.contentPath(ctx.bucket, meta), {
    fd,
    start: range?.start ?? 0,
    end: range?.end ?? meta.size - 1,
    highWaterMark: 1024 * 1024,
  });
  try {
    await pipeline(stream, ctx.res);
  } catch {
    // The client stopped reading; the stream closed its file.
  }
}

export async function putObject(ctx: S3Context): Promise<void> {
  const { store, notifier } = ctx.services;
  if (ctx.headers['x-amz-copy-source'] !== undefined) return copyObject(ctx);
  checkKey(ctx.key);
  const encryption = checkWrite(ctx, ctx.headers);
  const metadata = userMetadata(ctx.headers);
  const { contentType, headers, storageClass } = storedHeaders(ctx.headers);
  // Conditional create (If-None-Match: *): checked before the body and again at the commit.
  const createOnly = ctx.headers['if-none-match']?.trim() === '*';
  if (createOnly && store.head(ctx.bucket, ctx.key)) throw preconditionFailed('If-None-Match');
  const temp = store.tempFile();
  let meta: ObjectMeta;
  try {
    ctx.continueBody();
    const received = await receiveBody(ctx.req, temp, {
      maxBytes: ctx.services.maxObjectBytes,
      payload: ctx.auth?.payload,
      chunkSigner: ctx.auth?.chunkSigner,
      headers: ctx.headers,
    });
    if (createOnly && store.head(ctx.bucket, ctx.key)) throw preconditionFailed('If-None-Match');
    const object: NewObject = {
      size: received.size,
      etag: singlePartEtag(received.md5, encryption),
      contentType,
      headers,
      metadata,
      storageClass,
      checksum: received.checksum ? { ...received.checksum, type: 'FULL_OBJECT' } : undefined,
      encryption,
    };
    meta = await store.commit(ctx.bucket, ctx.key, temp, object);
  } finally {
    store.removeTemp(temp);
  }
  await notifier.emit(ctx.bucket, 'ObjectCreated:Put', meta, eventSource(ctx));
  const response: Record<string, string> = {
    etag: `"${meta.etag}"`,
    'content-length': '0',
    ...encryptionHeaders(encryption),
  };
  if (meta.checksum) {
    response[checksumHeaderName(meta.checksum.algorithm)] = meta.checksum.value;
    response['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  ctx.res.writeHead(200, response);
  ctx.res.end();
}

/** x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, maybe with ?versionId=. */
function parseCopySource(value: string): { bucket: string; key: string } {
  const [path] = value.split('?versionId=');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', value);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value);
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

async function copyObject(ctx: S3Context): Promise<void> {
  const { store, notifier } = ctx.services;
  checkKey(ctx.key);
  // A copy is a new object: the destination bucket's rules and default encryption, not the source's.
  const encryption = checkWrite(ctx, ctx.headers);
  const source = parseCopySource(ctx.headers['x-amz-copy-source']);
  if (!store.hasBucket(source.bucket)) throw noSuchBucket(source.bucket);
  const from = store.head(source.bucket, source.key);
  if (!from) throw noSuchKey(source.key);
  const directive = (ctx.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  evaluateCopyConditions(ctx.headers, from);
  const replace = directive === 'REPLACE';
  const stored = replace
    ? storedHeaders(ctx.headers)
    : { contentType: from.contentType, headers: from.headers, storageClass: from.storageClass };
  const storageClass =
    ctx.headers['x-amz-storage-class'] !== undefined ? storedHeaders(ctx.headers).storageClass : stored.storageClass;
  const changesEncryption = ctx.headers['x-amz-server-side-encryption'] !== undefined;
  if (
    source.bucket === ctx.bucket &&
    source.key === ctx.key &&
    !replace &&
    ctx.headers['x-amz-storage-class'] === undefined &&
    !changesEncryption
  ) {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  if (from.size > MAX_COPY_BYTES) {
    throw new S3Error(
      'InvalidRequest',
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_BYTES}`,
      400,
    );
  }
  const fd = store.openContent(source.bucket, from);
  if (fd === undefined) throw noSuchKey(source.key);
  const temp = store.tempFile();
  let meta: ObjectMeta;
  try {
    // A copy is a new single-part object: its ETag is the MD5 of the content, whatever the source's.
    const md5 = createHash('md5');
    await pipeline(
      createReadStream(store.contentPath(source.bucket, from), { fd, highWaterMark: 1024 * 1024 }),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          md5.update(chunk);
          yield chunk;
        }
      },
      openWriteStream(temp),
    );
    meta = await store.commit(ctx.bucket, ctx.key, temp, {
      size: from.size,
      etag: singlePartEtag(md5.digest('hex'), encryption),
      contentType: stored.contentType,
      headers: stored.headers,
      metadata: replace ? userMetadata(ctx.headers) : from.metadata,
      storageClass,
      checksum: from.checksum?.type === 'FULL_OBJECT' ? from.checksum : undefined,
      encryption,
    });
  } finally {
    store.removeTemp(temp);
  }
  await notifier.emit(ctx.bucket, 'ObjectCreated:Copy', meta, eventSource(ctx));
  sendXml(
    ctx.res,
    'CopyObjectResult',
    element('LastModified', meta.lastModified) + element('ETag', `"${meta.etag}"`),
    200,
    encryptionHeaders(encryption),
  );
}

function evaluateCopyConditions(headers: Record<string, string>, source: ObjectMeta): void {
  // A copy has no "not modified": S3 answers 412 for every copy condition that fails.
  if (evaluateConditions(headers, source, 'x-amz-copy-source-') === 'not-modified') {
    throw preconditionFailed(
      headers['x-amz-copy-source-if-none-match'] !== undefined
        ? 'x-amz-copy-source-If-None-Match'
        : 'x-amz-copy-source-If-Modified-Since',
    );
  }
}

export async function deleteObject(ctx: S3Context): Promise<void> {
  const { store, notifier } = ctx.services;
  const meta = store.delete(ctx.bucket, ctx.key);
  if (meta) await notifier.emit(ctx.bucket, 'ObjectRemoved:Delete', meta, eventSource(ctx));
  ctx.res.writeHead(204);
  ctx.res.end();
}

export function eventSource(ctx: S3Context) {
  return {
    requestId: ctx.requestId,
    sourceIp: ctx.req.socket.remoteAddress?.replace(/^::ffff:/, ''),
    accessKeyId: ctx.auth?.accessKeyId,
  };
}
