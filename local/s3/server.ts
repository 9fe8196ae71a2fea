import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRawQuery, verifyS3Request } from '../sigv4';
import type { VerifiedS3Request } from '../sigv4';
import { corsRulesOf } from './buckets';
import type { S3Context, S3Services } from './context';
import { answerPreflight, applyCors } from './cors';
import { deleteObjects } from './delete-objects';
import {
  accessDenied,
  checkSignature,
  internalError,
  methodNotAllowed,
  noSuchBucket,
  notImplemented,
  S3Error,
  sendS3Error,
} from './errors';
import { getBucketLocation, listBuckets, listObjectsV1, listObjectsV2 } from './list-objects';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart';
import { deleteObject, getObject, putObject } from './objects';
import { authorizeRequest } from './authorization';
import { postObject } from './post-object';

/** Query parameters that select no subresource: listing options, response overrides, signing. */
const BUCKET_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'marker',
  'x-id',
]);
const OBJECT_PARAMETERS = new Set(['x-id', 'partNumber', 'versionId']);

function isPlainParameter(name: string, allowed: Set<string>): boolean {
  return (
    allowed.has(name) ||
    name.startsWith('X-Amz-') ||
    name.toLowerCase().startsWith('x-amz-') ||
    name.startsWith('response-')
  );
}

function decodePathPart(part: string, raw: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: raw });
  }
}

/** Header values by lower-case name, repeated headers joined with ','. */
function singleHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) if (values) headers[name] = values.join(',');
  return headers;
}

function authenticate(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  services: S3Services,
): VerifiedS3Request | undefined {
  return checkSignature(() =>
    verifyS3Request(
      { method: req.method ?? 'GET', path: rawPath, query: rawQuery, headers: req.headersDistinct },
      { credentials: services.credentials, region: services.region },
    ),
  );
}

/** Anonymous requests reach only a public-read bucket's objects, and only to read them. */
function allowsAnonymous(ctx: S3Context): boolean {
  const definition = ctx.services.buckets.get(ctx.bucket);
  return (
    definition?.access === 'public-read' &&
    ctx.key !== '' &&
    (ctx.req.method === 'GET' || ctx.req.method === 'HEAD') &&
    !ctx.query.has('uploadId')
  );
}

async function bucketOperation(ctx: S3Context): Promise<void> {
  const { query } = ctx;
  const method = ctx.req.method;
  if (method === 'HEAD') {
    ctx.res.writeHead(200, { 'x-amz-bucket-region': ctx.services.region });
    ctx.res.end();
    return;
  }
  if (method === 'GET' && query.has('location')) return getBucketLocation(ctx);
  if (method === 'GET' && query.has('uploads')) return listMultipartUploads(ctx);
  if (method === 'POST' && query.has('delete')) return deleteObjects(ctx);
  const subresource = [...query.keys()].find((name) => !isPlainParameter(name, BUCKET_PARAMETERS));
  if (subresource !== undefined) throw notImplemented(`the ?${subresource} bucket subresource`);
  if (method === 'GET') return query.get('list-type') === '2' ? listObjectsV2(ctx) : listObjectsV1(ctx);
  if (method === 'PUT') {
    throw new S3Error(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: ctx.bucket },
    );
  }
  if (method === 'DELETE') throw notImplemented('deleting buckets (they come from the bucket definitions)');
  throw methodNotAllowed(method ?? '', 'BUCKET');
}

async function objectOperation(ctx: S3Context): Promise<void> {
  const { query } = ctx;
  const method = ctx.req.method;
  const uploadId = query.get('uploadId');
  if (method === 'POST' && query.has('uploads')) return createMultipartUpload(ctx);
  if (uploadId !== undefined) {
    if (method === 'PUT') return uploadPart(ctx, uploadId);
    if (method === 'GET') return listParts(ctx, uploadId);
    if (method === 'POST') return completeMultipartUpload(ctx, uploadId);
    if (method === 'DELETE') return abortMultipartUpload(ctx, uploadId);
    throw methodNotAllowed(method ?? '', 'OBJECT');
  }
  const subresource = [...query.keys()].find((name) => !isPlainParameter(name, OBJECT_PARAMETERS));
  if (subresource !== undefined) throw notImplemented(`the ?${subresource} object subresource`);
  if (method === 'GET' || method === 'HEAD') return getObject(ctx);
  if (method === 'PUT') return putObject(ctx);
  if (method === 'DELETE') return deleteObject(ctx);
  throw methodNotAllowed(method ?? '', 'OBJECT');
}

/**
 * The S3 REST API, path style (`/<bucket>/<key>`), as AWS SDK v3 calls it with forcePathStyle:
 * CORS first (errors carry it too), then browser POST uploads (their policy is their authority),
 * then SigV4 (header or presigned URL) or the anonymous reads a public-read bucket allows.
 */
export function createS3Handler(services: S3Services) {
  return async (req: IncomingMessage, res: ServerResponse, expectsContinue = false): Promise<void> => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', requestId);
    res.setHeader('server', 'AmazonS3');
    let continued = false;
    const continueBody = () => {
      if (expectsContinue && !continued) {
        continued = true;
        res.writeContinue();
      }
    };
    try {
      const rawUrl = req.url ?? '/';
      const mark = rawUrl.indexOf('?');
      const rawPath = mark < 0 ? rawUrl : rawUrl.slice(0, mark);
      const rawQuery = mark < 0 ? '' : rawUrl.slice(mark + 1);
      const trimmed = rawPath.replace(/^\//, '');
      const slash = trimmed.indexOf('/');
      const bucket = decodePathPart(slash < 0 ? trimmed : trimmed.slice(0, slash), rawPath);
      const key = slash < 0 ? '' : decodePathPart(trimmed.slice(slash + 1), rawPath);
      const definition = services.buckets.get(bucket);
      const rules = corsRulesOf(definition);
      if (req.method === 'OPTIONS')
        return answerPreflight(req, res, definition !== undefined && services.store.hasBucket(bucket), rules);
      applyCors(req, res, rules);

      const ctx: S3Context = {
        req,
        res,
        services,
        requestId,
        bucket,
        key,
        query: new Map(parseRawQuery(rawQuery)),
        headers: singleHeaders(req),
        continueBody,
      };
      if (
        req.method === 'POST' &&
        bucket !== '' &&
        key === '' &&
        !ctx.query.has('delete') &&
        !ctx.query.has('uploads')
      ) {
        if (!services.store.hasBucket(bucket)) throw noSuchBucket(bucket);
        return await postObject(ctx);
      }
      ctx.auth = authenticate(req, rawPath, rawQuery, services);
      if (ctx.auth?.via === 'query') {
        // S3 reads the x-amz-* parameters a presigner hoisted into the query as the headers they were.
        for (const [name, value] of ctx.query)
          if (name.toLowerCase().startsWith('x-amz-') && ctx.headers[name.toLowerCase()] === undefined)
            ctx.headers[name.toLowerCase()] = value;
      }
      if (bucket === '') {
        if (!ctx.auth) throw accessDenied();
        authorizeRequest(ctx);
        if (req.method === 'GET') return listBuckets(ctx);
        throw methodNotAllowed(req.method ?? '', 'SERVICE');
      }
      if (!services.store.hasBucket(bucket)) {
        if (req.method === 'PUT' && key === '')
          throw notImplemented('creating buckets (they come from the bucket definitions)');
        throw noSuchBucket(bucket);
      }
      if (!ctx.auth && !allowsAnonymous(ctx)) throw accessDenied();
      // IAM: the signer's identity policies must allow the request's action(s) on its resource.
      authorizeRequest(ctx);
      if (key === '') await bucketOperation(ctx);
      else await objectOperation(ctx);
    } catch (error) {
      // A client that went away mid-body is not a fault of ours: S3 calls it an incomplete body.
      const clientGone = !(error instanceof S3Error) && (req.readableAborted || req.socket.destroyed);
      const fault =
        error instanceof S3Error
          ? error
          : clientGone
            ? new S3Error('IncompleteBody', 'The request body terminated unexpectedly', 400)
            : internalError();
      if (!(error instanceof S3Error) && !clientGone)
        services.log(`S3: ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      // A client that waits for 100-continue never sends the body we refused: close after answering.
      if (expectsContinue && !continued) res.setHeader('connection', 'close');
      // Whatever the client still sends is read and dropped, so it can read the answer.
      req.resume();
      if (!res.headersSent) sendS3Error(res, fault, req.method, requestId);
      else res.destroy();
    }
  };
}
