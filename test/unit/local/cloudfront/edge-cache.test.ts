import {
  CACHING_OPTIMIZED_TTL,
  EdgeCache,
  invalidationPathMatches,
  ttlSecondsOf,
} from '../../../../local/cloudfront/edge-cache';

// The playback distribution's cache: CachingOptimized's TTLs, CloudFront's invalidation paths, and
// the local bound by bytes.

const answer = (body: string, headers: Record<string, string> = {}) => ({
  status: 200,
  headers,
  body: Buffer.from(body),
});

describe('ttlSecondsOf', () => {
  test.each([
    [undefined, CACHING_OPTIMIZED_TTL.defaultSeconds],
    ['public', CACHING_OPTIMIZED_TTL.defaultSeconds],
    ['max-age=60', 60],
    ['public, max-age=60, s-maxage=5', 5],
    ['max-age=0', CACHING_OPTIMIZED_TTL.minSeconds],
    ['max-age=999999999', CACHING_OPTIMIZED_TTL.maxSeconds],
  ])('Cache-Control %p stays %p s', (cacheControl, seconds) => {
    expect(ttlSecondsOf(cacheControl)).toBe(seconds);
  });
});

describe('invalidationPathMatches', () => {
  test.each([
    ['/v1/*', '/v1/hls/index.m3u8', true],
    ['/v1/*', '/v10/hls/index.m3u8', false],
    ['/v1/hls/index.m3u8', '/v1/hls/index.m3u8', true],
    ['/v1/hls/index.m3u8', '/v1/hls/index.m3u8.bak', false],
    ['/*', '/anything/at/all', true],
  ])('%s against %s: %p', (path, key, matches) => {
    expect(invalidationPathMatches(path, key)).toBe(matches);
  });
});

describe('EdgeCache', () => {
  test('keeps a 200 for its TTL by the clock, and nothing else', () => {
    let now = 0;
    const cache = new EdgeCache({ now: () => now });
    cache.put('/a', answer('a', { 'cache-control': 'max-age=10' }));
    cache.put('/missing', { status: 403, headers: {}, body: Buffer.from('denied') });
    now = 9_999;
    expect(cache.get('/a')?.body.toString()).toBe('a');
    expect(cache.get('/missing')).toBeUndefined();
    now = 10_000;
    expect(cache.get('/a')).toBeUndefined();
  });

  test('holds no more than its bytes, dropping the oldest first; one answer larger than it is not kept', () => {
    const cache = new EdgeCache({ maxBytes: 10 });
    cache.put('/old', answer('12345'));
    cache.put('/new', answer('67890'));
    cache.put('/newest', answer('abc'));
    cache.put('/huge', answer('x'.repeat(11)));
    expect([cache.get('/old'), cache.get('/huge')]).toEqual([undefined, undefined]);
    expect([cache.get('/new')?.body.toString(), cache.get('/newest')?.body.toString()]).toEqual(['67890', 'abc']);
  });

  test('invalidate drops what any path matches and says how many', () => {
    const cache = new EdgeCache();
    for (const key of ['/v1/hls/index.m3u8', '/v1/hls/a.ts', '/v2/hls/index.m3u8']) cache.put(key, answer(key));
    expect(cache.invalidate(['/v1/*'])).toBe(2);
    expect([cache.get('/v1/hls/a.ts'), cache.get('/v2/hls/index.m3u8')?.status]).toEqual([undefined, 200]);
  });
});
