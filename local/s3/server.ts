import { copyFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { URL } from 'node:url';
import { readBody } from '../appsync/http';
import { SignatureError, verifyPresignedUrl, verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import { receiveBody } from './body';
import type { CorsRule } from './buckets';
import { answerPreflight, applyCors } from './cors';
import { readFormUpload } from './form-data';
import { verifyPostPolicy } from './post-policy';
import { accessDenied, noSuchBucket, noSuchKey, S3Error, sendS3Error } from './errors';
import type { MultipartUploads } from './multipart';
import type { ObjectMeta, ObjectStore } from './store';
import { allTexts, element, xmlDocument } from './xml';

export interface BucketPolicy {
  name: string;
  access: 'private' | 'public-read';
  cors?: CorsRule[];
}

export interface S3EventSink {
  (bucket: string, eventName: string, object: ObjectMeta): void;
}

export interface S3HandlerOptions {
  store: ObjectStore;
  multipart: MultipartUploads;
  buckets: BucketPolicy[];
  credentials: LocalCredentials;
  maxObjectBytes: number;
  onEvent?: S3EventSink;
}

interface Target {
  bucket?: string;
  key?: string;
  query: URLSearchParams;
}

function parseTarget(req: IncomingMessage): Target {
  const url = new URL(req.url ?? '/', 'http://local');
  const [, bucket, ...rest] = url.pathname.split('/');
  return {
    bucket: bucket ? decodeURIComponent(bucket) : undefined,
    key: rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : undefined,
    query: url.searchParams,
  };
}

function signatureFault(error: unknown): S3Error {
  if (error instanceof SignatureError) {
    if (error.code === 'UnrecognizedClientException') return new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
    if (error.message === 'Request has expired') return accessDenied('Request has expired');
    if (error.message.startsWith('Signature expired')) return new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403);
    return new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);
  }
  return accessDenied();
}

/** Signed requests only, except anonymous reads of a public-read bucket. */
async function authorize(req: IncomingMessage, target: Target, options: S3HandlerOptions): Promise<void> {
  const headers = req.headers as Record<string, string | string[] | undefined>;
  const url = new URL(req.url ?? '/', 'http://local');
  const signed = { method: req.method ?? 'GET', host: String(req.headers.host ?? ''), path: url.pathname, headers, body: '', query: Object.fromEntries(url.searchParams) };
  try {
    if (req.headers.authorization) {
      await verifySigV4(signed, options.credentials, { payloadCheckedByCaller: true });
      return;
    }
    if (url.searchParams.has('X-Amz-Signature')) {
      await verifyPresignedUrl(signed, options.credentials);
      return;
    }
  } catch (error) {
    throw signatureFault(error);
  }
  const bucket = options.buckets.find((candidate) => candidate.name === target.bucket);
  const anonymousRead = (req.method === 'GET' || req.method === 'HEAD') && target.key !== undefined && bucket?.access === 'public-read';
  if (!anonymousRead) throw accessDenied();
}

function objectHeaders(meta: ObjectMeta): Record<string, string> {
  const headers: Record<string, string> = {
    etag: `"${meta.etag}"`,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'content-type': meta.contentType,
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: header, ActualObjectSize: String(size) });
  }
  return { start, end };
}

async function putObject(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, options: S3HandlerOptions) {
  const { store } = options;
  const temp = store.tempFile();
  try {
    const copySource = req.headers['x-amz-copy-source'];
    if (copySource) {
      const [sourceBucket, ...sourceKey] = decodeURIComponent(String(copySource)).replace(/^\//, '').split('/');
      const source = store.head(sourceBucket, sourceKey.join('/'));
      if (!source) throw noSuchKey(sourceKey.join('/'));
      copyFileSync(store.dataPath(sourceBucket, source.key), temp);
      const replace = req.headers['x-amz-metadata-directive'] === 'REPLACE';
      const meta = store.commit(bucket, key, temp, {
        size: source.size,
        etag: source.etag,
        contentType: replace ? String(req.headers['content-type'] ?? 'binary/octet-stream') : source.contentType,
        metadata: replace ? metadataOf(req) : source.metadata,
      });
      options.onEvent?.(bucket, 'ObjectCreated:Copy', meta);
      const body = xmlDocument('CopyObjectResult', element('LastModified', meta.lastModified) + element('ETag', `"${meta.etag}"`));
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(body);
      return;
    }
    const received = await receiveBody(req, temp, options.maxObjectBytes);
    const declared = String(req.headers['x-amz-content-sha256'] ?? '');
    if (/^[0-9a-f]{64}$/.test(declared) && declared !== received.sha256) {
      throw new S3Error('XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.', 400);
    }
    const meta = store.commit(bucket, key, temp, { size: received.size, etag: received.md5, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), metadata: metadataOf(req) });
    options.onEvent?.(bucket, 'ObjectCreated:Put', meta);
    res.writeHead(200, { etag: `"${meta.etag}"`, 'content-length': 0 });
    res.end();
  } finally {
    store.removeTemp(temp);
  }
}

function metadataOf(req: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  return metadata;
}

function listObjectsV2(res: ServerResponse, bucket: string, query: URLSearchParams, store: ObjectStore) {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = Math.min(1000, Math.max(0, Number(query.get('max-keys') ?? 1000)));
  const token = query.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : query.get('start-after') ?? '';
  const contents: ObjectMeta[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = '';
  for (const meta of store.list(bucket)) {
    if (!meta.key.startsWith(prefix) || (after && meta.key <= after)) continue;
    const rest = meta.key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const common = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined;
    if (common && prefixes.includes(common)) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common) prefixes.push(common);
    else contents.push(meta);
    last = common ?? meta.key;
  }
  const inner = [
    element('Name', bucket),
    element('Prefix', prefix),
    element('KeyCount', contents.length + prefixes.length),
    element('MaxKeys', maxKeys),
    delimiter ? element('Delimiter', delimiter) : '',
    element('IsTruncated', truncated),
    token ? element('ContinuationToken', token) : '',
    truncated ? element('NextContinuationToken', Buffer.from(last).toString('base64url')) : '',
    ...contents.map(
      (meta) =>
        `<Contents>${element('Key', meta.key)}${element('LastModified', meta.lastModified)}${element('ETag', `"${meta.etag}"`)}${element('Size', meta.size)}${element('StorageClass', 'STANDARD')}</Contents>`,
    ),
    ...prefixes.map((common) => `<CommonPrefixes>${element('Prefix', common)}</CommonPrefixes>`),
  ].join('');
  const body = xmlDocument('ListBucketResult', inner);
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function deleteObjects(req: IncomingMessage, res: ServerResponse, bucket: string, options: S3HandlerOptions) {
  const xml = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
  const keys = allTexts(xml, 'Key');
  const quiet = allTexts(xml, 'Quiet')[0] === 'true';
  for (const key of keys) {
    const meta = options.store.head(bucket, key);
    if (options.store.delete(bucket, key) && meta) options.onEvent?.(bucket, 'ObjectRemoved:Delete', meta);
  }
  const body = xmlDocument('DeleteResult', quiet ? '' : keys.map((key) => `<Deleted>${element('Key', key)}</Deleted>`).join(''));
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function postObject(req: IncomingMessage, res: ServerResponse, bucket: string, contentType: string, options: S3HandlerOptions) {
  const { store } = options;
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400);
  const temp = store.tempFile();
  try {
    const form = await readFormUpload(req, boundary[1] ?? boundary[2], temp, options.maxObjectBytes);
    const file = form.file!;
    // Every check passes before anything becomes visible: a refused upload stores nothing.
    const key = verifyPostPolicy({ bucket, fields: form.fields, fileSize: file.size, filename: file.filename, credentials: options.credentials });
    const metadata: Record<string, string> = {};
    for (const [name, field] of form.fields) {
      if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = field.value;
    }
    const meta = store.commit(bucket, key, temp, {
      size: file.size,
      etag: file.md5,
      contentType: form.fields.get('content-type')?.value ?? file.contentType ?? 'binary/octet-stream',
      metadata,
    });
    options.onEvent?.(bucket, 'ObjectCreated:Post', meta);
    const status = Number(form.fields.get('success_action_status')?.value ?? 204);
    const location = `/${bucket}/${encodeURIComponent(key)}`;
    const headers = { etag: `"${meta.etag}"`, location };
    if (status === 201) {
      const body = xmlDocument('PostResponse', element('Location', location) + element('Bucket', bucket) + element('Key', key) + element('ETag', `"${meta.etag}"`));
      res.writeHead(201, { ...headers, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(status === 200 ? 200 : 204, headers);
      res.end();
    }
  } finally {
    store.removeTemp(temp);
  }
}

/** The S3 REST API, path-style, as AWS SDK v3 calls it with forcePathStyle. */
export function createS3Handler(options: S3HandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = parseTarget(req);
    try {
      const rules = options.buckets.find((bucket) => bucket.name === target.bucket)?.cors ?? [];
      if (req.method === 'OPTIONS') return answerPreflight(req, res, rules);
      applyCors(req, res, rules);
      const contentType = String(req.headers['content-type'] ?? '');
      if (req.method === 'POST' && target.bucket && target.key === undefined && contentType.startsWith('multipart/form-data')) {
        // A browser upload carries its own authority: the signed policy in the form.
        return await postObject(req, res, target.bucket, contentType, options);
      }
      await authorize(req, target, options);
      const { store } = options;
      if (!target.bucket) {
        const body = xmlDocument('ListAllMyBucketsResult', `<Buckets>${store.buckets().map((name) => `<Bucket>${element('Name', name)}</Bucket>`).join('')}</Buckets>`);
        res.writeHead(200, { 'content-type': 'application/xml' });
        return void res.end(body);
      }
      const bucket = target.bucket;
      if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
      if (target.key === undefined) {
        if (req.method === 'HEAD') return void res.writeHead(200).end();
        if (req.method === 'GET') return listObjectsV2(res, bucket, target.query, store);
        if (req.method === 'POST' && target.query.has('delete')) return await deleteObjects(req, res, bucket, options);
        throw new S3Error('NotImplemented', 'The local S3 does not implement this bucket operation yet.', 501);
      }
      const key = target.key;
      const uploadId = target.query.get('uploadId');
      if (req.method === 'POST' && target.query.has('uploads')) {
        return options.multipart.create(res, bucket, key, String(req.headers['content-type'] ?? 'binary/octet-stream'), metadataOf(req));
      }
      if (uploadId) {
        if (req.method === 'PUT') return await options.multipart.uploadPart(req, res, uploadId, Number(target.query.get('partNumber')));
        if (req.method === 'GET') return options.multipart.listParts(res, uploadId);
        if (req.method === 'DELETE') return options.multipart.abort(res, uploadId);
        if (req.method === 'POST') {
          const meta = await options.multipart.complete(req, res, uploadId);
          options.onEvent?.(bucket, 'ObjectCreated:CompleteMultipartUpload', meta);
          return;
        }
      }
      if (req.method === 'PUT') return await putObject(req, res, bucket, key, options);
      if (req.method === 'DELETE') {
        const meta = store.head(bucket, key);
        if (store.delete(bucket, key) && meta) options.onEvent?.(bucket, 'ObjectRemoved:Delete', meta);
        return void res.writeHead(204).end();
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        const meta = store.head(bucket, key);
        if (!meta) throw noSuchKey(key);
        const range = parseRange(req.headers.range, meta.size);
        const headers = objectHeaders(meta);
        const overrides = ['content-type', 'content-disposition', 'cache-control', 'content-encoding'];
        for (const name of overrides) {
          const value = target.query.get(`response-${name}`);
          if (value) headers[name] = value;
        }
        if (range) {
          headers['content-range'] = `bytes ${range.start}-${range.end}/${meta.size}`;
          headers['content-length'] = String(range.end - range.start + 1);
        } else {
          headers['content-length'] = String(meta.size);
        }
        res.writeHead(range ? 206 : 200, headers);
        if (req.method === 'HEAD' || meta.size === 0) return void res.end();
        store.read(bucket, key, range).pipe(res);
        return;
      }
      throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    } catch (error) {
      const fault = error instanceof S3Error ? error : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
      if (!(error instanceof S3Error)) console.error(error);
      // Drain what the client is still sending so it reads our answer.
      req.resume();
      if (!res.headersSent) sendS3Error(res, fault, req.method);
      else res.destroy();
    }
  };
}
