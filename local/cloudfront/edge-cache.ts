import type { OutgoingHttpHeaders } from 'node:http';

// The playback distribution's cache, as CloudFront keeps it under Managed-CachingOptimized (the
// cache policy terraform/cloudfront.tf gives the playback behaviour): the cache key is the path
// alone (no query string, header or cookie), and an object stays for the origin's Cache-Control
// max-age held to the policy's TTLs, or the default TTL when the origin sends none, which is the
// case for every HLS file MediaConvert writes: 24 hours. Only an invalidation removes it sooner.
// Entries are whole GET answers of 200; the local cache is bounded by bytes, oldest out first.

/** Managed-CachingOptimized's TTLs, in seconds (CloudFront Developer Guide, "Use managed cache policies"). */
export const CACHING_OPTIMIZED_TTL = Object.freeze({ minSeconds: 1, defaultSeconds: 86_400, maxSeconds: 31_536_000 });

/** What the local cache holds at most; the oldest entries go first past it. */
export const DEFAULT_EDGE_CACHE_BYTES = 64 * 1024 * 1024;

export interface CachedAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

interface Entry extends CachedAnswer {
  expiresAt: number;
}

export interface EdgeCacheOptions {
  /** The clock (ms since the epoch); tests move it instead of waiting. */
  now?: () => number;
  maxBytes?: number;
}

/** The seconds an answer stays: s-maxage, else max-age, within the policy's minimum and maximum. */
export function ttlSecondsOf(cacheControl: string | undefined, ttl = CACHING_OPTIMIZED_TTL): number {
  const directives = (cacheControl ?? '').toLowerCase();
  const seconds = /(?:^|[\s,])s-maxage=(\d+)/.exec(directives)?.[1] ?? /(?:^|[\s,])max-age=(\d+)/.exec(directives)?.[1];
  if (seconds === undefined) return ttl.defaultSeconds;
  return Math.min(Math.max(Number(seconds), ttl.minSeconds), ttl.maxSeconds);
}

/**
 * An invalidation path matches a cache key when equal to it, or, ending in `*`, when the key
 * starts with what comes before the `*` (CloudFront's wildcard must be the path's last character).
 */
export function invalidationPathMatches(invalidationPath: string, cacheKey: string): boolean {
  return invalidationPath.endsWith('*')
    ? cacheKey.startsWith(invalidationPath.slice(0, -1))
    : cacheKey === invalidationPath;
}

export class EdgeCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly now: () => number;
  readonly maxBytes: number;

  constructor(options: EdgeCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? DEFAULT_EDGE_CACHE_BYTES;
  }

  /** The cached answer for this path, unless it has expired. */
  get(cacheKey: string): CachedAnswer | undefined {
    const entry = this.entries.get(cacheKey);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(cacheKey);
      return undefined;
    }
    return entry;
  }

  /** Keeps a 200 answer for its TTL; one larger than the whole cache is not kept. */
  put(cacheKey: string, answer: CachedAnswer): void {
    if (answer.status !== 200 || answer.body.length > this.maxBytes) return;
    this.remove(cacheKey);
    const cacheControl = answer.headers['cache-control'];
    const seconds = ttlSecondsOf(typeof cacheControl === 'string' ? cacheControl : undefined);
    this.entries.set(cacheKey, { ...answer, expiresAt: this.now() + seconds * 1000 });
    this.bytes += answer.body.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  /** Drops every entry an invalidation path matches; returns how many went. */
  invalidate(paths: readonly string[]): number {
    let removed = 0;
    for (const cacheKey of [...this.entries.keys()]) {
      if (paths.some((invalidationPath) => invalidationPathMatches(invalidationPath, cacheKey))) {
        this.remove(cacheKey);
        removed += 1;
      }
    }
    return removed;
  }

  private remove(cacheKey: string): void {
    const entry = this.entries.get(cacheKey);
    if (!entry) return;
    this.bytes -= entry.body.length;
    this.entries.delete(cacheKey);
  }
}
