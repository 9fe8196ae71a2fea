import { createHash, randomBytes } from 'node:crypto';
import { OWNER_ID } from './constants';
import { S3Error } from './errors';
import { checkAclAllowed, requestedAcl } from './object-acl';
import { isKms, requestedEncryption, resolveEncryption } from './server-side-encryption';
import type { EncryptionContext, ObjectEncryption } from './server-side-encryption';
import type { ObjectMeta } from './store';

// S3's rules for what an object may be and what it keeps: key and metadata limits, the headers
// stored with it, what every write checks before it reads a byte, and the headers it is served
// with. Plain inputs (headers or form fields by lower-case name) in, answers or S3's errors out.

/** Headers S3 stores with an object and serves back, besides Content-Type and user metadata. */
export const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
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
  source: Record<string, string>,
  bucket: EncryptionContext,
  cannedAclName: 'x-amz-acl' | 'acl' = 'x-amz-acl',
): ObjectEncryption {
  checkAclAllowed(requestedAcl(source, cannedAclName), OWNER_ID);
  return resolveEncryption(requestedEncryption(source), bucket);
}

/** What an object written without asking reports, and so do objects stored before the local S3 kept their encryption. */
export function bucketEncryption(bucket: EncryptionContext): ObjectEncryption {
  return { algorithm: bucket.bucketDefault };
}

/** A single-part object's ETag: the MD5 of its content, except under SSE-KMS, where S3's is not. */
export function singlePartEtag(md5Hex: string, encryption: ObjectEncryption): string {
  return isKms(encryption) ? createHash('md5').update(randomBytes(16)).update(md5Hex).digest('hex') : md5Hex;
}

/** Header values must be Latin-1 on the wire: S3 sends other metadata RFC 2047-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e\t]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The headers a stored object is served with (GET and HEAD). */
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
