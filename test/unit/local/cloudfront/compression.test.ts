import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { chooseContentEncoding, compressBody } from '../../../../local/cloudfront/compression';

// CloudFront's automatic compression, as both distributions have it (compress = true, Gzip and
// Brotli allowed by Managed-CachingOptimized): which answers it compresses, and how.

const JS = 'text/javascript; charset=utf-8';

describe("CloudFront's compression", () => {
  test('Brotli when the viewer takes it, else Gzip, else none', () => {
    expect(chooseContentEncoding('gzip, deflate, br, zstd', JS, 50_000)).toBe('br');
    expect(chooseContentEncoding('gzip, deflate', JS, 50_000)).toBe('gzip');
    expect(chooseContentEncoding('GZIP', JS, 50_000)).toBe('gzip');
    expect(chooseContentEncoding('br;q=0, gzip;q=0.5', JS, 50_000)).toBe('gzip');
    expect(chooseContentEncoding('gzip;q=0', JS, 50_000)).toBeUndefined();
    expect(chooseContentEncoding('deflate, identity', JS, 50_000)).toBeUndefined();
    expect(chooseContentEncoding(undefined, JS, 50_000)).toBeUndefined();
  });

  test('only the types it compresses, and only from 1,000 to 10,000,000 bytes', () => {
    for (const type of ['text/html; charset=utf-8', 'text/css; charset=utf-8', 'application/json', 'image/svg+xml'])
      expect({ type, encoding: chooseContentEncoding('gzip', type, 5_000) }).toEqual({ type, encoding: 'gzip' });
    for (const type of ['image/png', 'image/jpeg', 'font/woff2', 'video/mp2t', 'application/octet-stream'])
      expect({ type, encoding: chooseContentEncoding('gzip', type, 5_000) }).toEqual({ type, encoding: undefined });
    expect(chooseContentEncoding('gzip', JS, 999)).toBeUndefined();
    expect(chooseContentEncoding('gzip', JS, 1_000)).toBe('gzip');
    expect(chooseContentEncoding('gzip', JS, 10_000_000)).toBe('gzip');
    expect(chooseContentEncoding('gzip', JS, 10_000_001)).toBeUndefined();
  });

  test('the body comes back whole from either coding, and smaller', () => {
    const body = Buffer.from('export const answer = 42;\n'.repeat(400));
    const gzip = compressBody(body, 'gzip');
    const br = compressBody(body, 'br');
    expect(gunzipSync(gzip).equals(body)).toBe(true);
    expect(brotliDecompressSync(br).equals(body)).toBe(true);
    expect(gzip.length).toBeLessThan(body.length / 10);
    expect(br.length).toBeLessThan(body.length / 10);
  });
});
