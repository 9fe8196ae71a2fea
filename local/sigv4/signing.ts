import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ALGORITHM_IDENTIFIER } from '@smithy/signature-v4';

// The arithmetic of SigV4: hashes, the signing key, the string a request signature signs, and
// the compact ISO 8601 times it names.

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** AWS allows 15 minutes of clock skew either way. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Signing keys derived, by secret, day, region and service: a key serves every request of its day. */
const signingKeys = new Map<string, Buffer>();
/** Far more than the local principals times the days, regions and services in use; past it the cache starts over. */
const MAX_SIGNING_KEYS = 1024;

/** The SigV4 signing key for one day, region and service (four HMACs, made once per day and kept). */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = JSON.stringify([secretAccessKey, date, region, service]);
  let key = signingKeys.get(cacheKey);
  if (!key) {
    const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  // A copy: no caller can change the kept key.
  return Buffer.from(key);
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex signatures (the provided one in either case). */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a request signature signs: the algorithm, the time, the credential scope and the canonical request's hash. */
export function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [ALGORITHM_IDENTIFIER, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

/** `20130524T000000Z` as a Date; undefined for anything else. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  // Six groups, each taking part in every match.
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
