import { decide, denialMessage } from '../iam';
import type { AuthorizationRequest, LocalPrincipal } from '../iam';
import { stripQuery } from '../lib/http';
import type { S3Context } from './context';
import { accessDenied, noSuchKey } from './errors';
import type { S3Error } from './errors';

// Which IAM action(s) and resource each S3 request needs (the Service Authorization Reference's
// table for Amazon S3), and S3's answers when the caller's policies do not allow them.

const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** A request S3 authorizes as one or more IAM actions, each on its resource. */
export function requiredPermissions(ctx: S3Context): AuthorizationRequest[] {
  const { bucket, key, query } = ctx;
  const method = ctx.req.method;
  if (bucket === '') return [{ action: 's3:ListAllMyBuckets', resource: '*' }];
  if (key === '') {
    if (method === 'GET' && query.has('location'))
      return [{ action: 's3:GetBucketLocation', resource: bucketArn(bucket) }];
    if (method === 'GET' && query.has('uploads'))
      return [{ action: 's3:ListBucketMultipartUploads', resource: bucketArn(bucket) }];
    // DeleteObjects is authorized key by key (s3:DeleteObject), in its answer.
    if (method === 'POST' && query.has('delete')) return [];
    // HeadBucket and the listings.
    if (method === 'GET' || method === 'HEAD') return [{ action: 's3:ListBucket', resource: bucketArn(bucket) }];
    return [];
  }
  const object = objectArn(bucket, key);
  if (query.has('uploadId')) {
    if (method === 'GET') return [{ action: 's3:ListMultipartUploadParts', resource: object }];
    if (method === 'DELETE') return [{ action: 's3:AbortMultipartUpload', resource: object }];
    return [{ action: 's3:PutObject', resource: object }];
  }
  if (method === 'POST' && query.has('uploads')) return [{ action: 's3:PutObject', resource: object }];
  if (method === 'GET' || method === 'HEAD') return [{ action: 's3:GetObject', resource: object }];
  if (method === 'DELETE') return [{ action: 's3:DeleteObject', resource: object }];
  if (method === 'PUT') {
    const copySource = ctx.headers['x-amz-copy-source'];
    const source = copySource === undefined ? undefined : safeDecode(stripQuery(copySource.replace(/^\//, '')));
    return [
      { action: 's3:PutObject', resource: object },
      ...(source ? [{ action: 's3:GetObject', resource: `arn:aws:s3:::${source}` }] : []),
    ];
  }
  return [];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** S3's refusal for a same-account caller its identity policies do not allow (the message names the action and resource). */
export function checkPermission(principal: LocalPrincipal, request: AuthorizationRequest): S3Error | undefined {
  const decision = decide(principal, request);
  return decision === 'allow'
    ? undefined
    : accessDenied(denialMessage(principal, decision, request, { quoteResource: true }));
}

/** Throws S3's AccessDenied unless the signer may make this request. Anonymous requests are the bucket's business. */
export function authorizeRequest(ctx: S3Context): void {
  const principal = ctx.auth?.principal;
  if (!principal) return;
  for (const request of requiredPermissions(ctx)) {
    const denied = checkPermission(principal, request);
    if (denied) throw denied;
  }
}

/**
 * A missing key is news only to a caller who may list the bucket: with s3:ListBucket S3 answers
 * 404 NoSuchKey, without it (anonymous callers included) 403 AccessDenied.
 */
export function missingKeyError(ctx: S3Context): S3Error {
  const principal = ctx.auth?.principal;
  if (!principal) return accessDenied();
  return checkPermission(principal, { action: 's3:ListBucket', resource: bucketArn(ctx.bucket) }) ?? noSuchKey(ctx.key);
}

/** DeleteObjects answers a key the caller may not delete with an Error entry, and deletes the others. */
export function mayDeleteObject(ctx: S3Context, key: string): boolean {
  const principal = ctx.auth?.principal;
  return (
    !principal || decide(principal, { action: 's3:DeleteObject', resource: objectArn(ctx.bucket, key) }) === 'allow'
  );
}
