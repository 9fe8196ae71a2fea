import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { missingKeyError } from './authorization';
import { receiveBody } from './body';
import { checksumHeaderName } from './checksums';
import { encryptionContext, eventSource } from './context';
import type { S3Context } from './context';
import { invalidArgument, noSuchBucket, noSuchKey, S3Error } from './errors';
import {
  bucketEncryption,
  checkKey,
  checkWrite,
  objectHeaders,
  singlePartEtag,
  storedHeaders,
  userMetadata,
} from './object-rules';
import { evaluateConditions, evaluateCopyConditions, parseRange, preconditionFailed } from './read-conditions';
import { encryptionHeaders, isKms, kmsNeedsSignature } from './server-side-encryption';
import { openWriteStream } from './store';
import type { NewObject, ObjectMeta } from './store';
import { sendXml } from './xml-io';
import { element } from './xml';

// GetObject, HeadObject, PutObject, CopyObject and DeleteObject.

const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];
const MAX_COPY_BYTES = 5 * 1024 ** 3;

export async function getObject(ctx: S3Context): Promise<void> {
  const { store } = ctx.services;
  const meta = store.head(ctx.bucket, ctx.key);
  // Without s3:ListBucket (anyone reading a public bucket) a missing key is 403, not 404, on S3.
  if (!meta) throw missingKeyError(ctx);
  const encryption = meta.encryption ?? bucketEncryption(encryptionContext(ctx));
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
  const content = ctx.req.method === 'HEAD' || meta.size === 0 ? undefined : store.openContent(ctx.bucket, meta);
  if (ctx.req.method !== 'HEAD' && meta.size > 0 && content === undefined) throw noSuchKey(ctx.key);
  ctx.res.writeHead(range ? 206 : 200, headers);
  if (content === undefined) {
    ctx.res.end();
    return;
  }
  try {
    await pipeline(content.stream({ start: range?.start ?? 0, end: range?.end ?? meta.size - 1 }), ctx.res);
  } catch {
    // The client stopped reading; the stream closed its file.
  }
}

export async function putObject(ctx: S3Context): Promise<void> {
  const { store, notifier } = ctx.services;
  const copySource = ctx.headers['x-amz-copy-source'];
  if (copySource !== undefined) return copyObject(ctx, copySource);
  checkKey(ctx.key);
  const encryption = checkWrite(ctx.headers, encryptionContext(ctx));
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
  const [path = ''] = value.split('?versionId=');
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

async function copyObject(ctx: S3Context, copySource: string): Promise<void> {
  const { store, notifier } = ctx.services;
  checkKey(ctx.key);
  // A copy is a new object: the destination bucket's rules and default encryption, not the source's.
  const encryption = checkWrite(ctx.headers, encryptionContext(ctx));
  const source = parseCopySource(copySource);
  if (!store.hasBucket(source.bucket)) throw noSuchBucket(source.bucket);
  const from = store.head(source.bucket, source.key);
  if (!from) throw noSuchKey(source.key);
  const directive = (ctx.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  evaluateCopyConditions(ctx.headers, from);
  // Conditional create of the destination (If-None-Match: *), as for PutObject: checked before the
  // copy and again at its commit.
  const createOnly = ctx.headers['if-none-match']?.trim() === '*';
  if (createOnly && store.head(ctx.bucket, ctx.key)) throw preconditionFailed('If-None-Match');
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
  const content = store.openContent(source.bucket, from);
  if (content === undefined) throw noSuchKey(source.key);
  const temp = store.tempFile();
  let meta: ObjectMeta;
  try {
    // A copy is a new single-part object: its ETag is the MD5 of the content, whatever the source's.
    const md5 = createHash('md5');
    await pipeline(
      content.stream(),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          md5.update(chunk);
          yield chunk;
        }
      },
      openWriteStream(temp),
    );
    if (createOnly && store.head(ctx.bucket, ctx.key)) throw preconditionFailed('If-None-Match');
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

export async function deleteObject(ctx: S3Context): Promise<void> {
  const { store, notifier } = ctx.services;
  const meta = store.delete(ctx.bucket, ctx.key);
  if (meta) await notifier.emit(ctx.bucket, 'ObjectRemoved:Delete', meta, eventSource(ctx));
  ctx.res.writeHead(204);
  ctx.res.end();
}
