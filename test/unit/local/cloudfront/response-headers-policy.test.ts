// The playback distribution's response headers policy (terraform/response-headers-policies.json) as
// local/cloudfront applies it: to the response CloudFront sends, from its cache or from S3.
import { applyResponseHeadersPolicy, corsHeadersFor, loadResponseHeadersPolicy } from '../../../../local/cloudfront';
import type { ResponseHeadersPolicy } from '../../../../local/cloudfront';
import { loadBucketDefinitions } from '../../../../local/s3';
import { present } from '../../../support/present';

const PAGE = 'http://player.example';
// A segment as S3 answered a request without Origin (a native HLS player) and CloudFront cached it:
// CachingOptimized does not key on Origin, so this copy is what the next viewer gets.
const CACHED_WITHOUT_CORS = {
  'content-type': 'video/mp2t',
  'content-length': '1024',
  etag: '"abc"',
  vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
};

describe('the playback response headers policy', () => {
  const policy = loadResponseHeadersPolicy('playback');

  test('a CORS request (hls.js) gets Access-Control-Allow-Origin: * even on a copy cached without it', () => {
    const headers = applyResponseHeadersPolicy(policy, 'GET', { origin: PAGE }, CACHED_WITHOUT_CORS);
    expect(headers).toEqual({
      ...CACHED_WITHOUT_CORS,
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'Content-Length, Content-Range, ETag',
    });
  });

  test("the policy's headers replace what the origin sent (origin_override)", () => {
    const fromOrigin = {
      ...CACHED_WITHOUT_CORS,
      'access-control-allow-origin': 'http://someone-else.example',
      'access-control-expose-headers': 'ETag',
    };
    expect(applyResponseHeadersPolicy(policy, 'GET', { origin: PAGE }, fromOrigin)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'Content-Length, Content-Range, ETag',
    });
    // Negative control: without origin_override the origin's header would stay.
    const keepOrigin: ResponseHeadersPolicy = { cors: { ...policy.cors, originOverride: false } };
    expect(
      applyResponseHeadersPolicy(keepOrigin, 'GET', { origin: PAGE }, fromOrigin)['access-control-allow-origin'],
    ).toBe('http://someone-else.example');
  });

  test("a request that is not a CORS request (no Origin) gets the origin's headers untouched", () => {
    expect(applyResponseHeadersPolicy(policy, 'GET', { accept: '*/*' }, CACHED_WITHOUT_CORS)).toEqual(
      CACHED_WITHOUT_CORS,
    );
  });

  test('a preflight also gets the allowed methods, headers and max age; a plain CORS GET does not', () => {
    expect(corsHeadersFor(policy.cors, 'OPTIONS', { origin: PAGE, 'access-control-request-method': 'GET' })).toEqual({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'Content-Length, Content-Range, ETag',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': '*',
      'access-control-max-age': '3000',
    });
    expect(Object.keys(corsHeadersFor(policy.cors, 'GET', { origin: PAGE }))).toEqual([
      'access-control-allow-origin',
      'access-control-expose-headers',
    ]);
  });

  test('a policy for named origins answers those (leftmost wildcard included) and nobody else', () => {
    const named = {
      ...policy.cors,
      allowOrigins: ['https://app.example.org', 'https://*.example.net'],
      allowCredentials: true,
    };
    expect(corsHeadersFor(named, 'GET', { origin: 'https://app.example.org' })).toMatchObject({
      'access-control-allow-origin': 'https://app.example.org',
      'access-control-allow-credentials': 'true',
    });
    expect(corsHeadersFor(named, 'GET', { origin: 'https://a.example.net' })['access-control-allow-origin']).toBe(
      'https://a.example.net',
    );
    expect(corsHeadersFor(named, 'GET', { origin: 'https://evil.example' })).toEqual({});
  });

  test("it agrees with the playback bucket's CORS rule, which S3 applies to what it answers itself (preflights)", () => {
    const bucket = present(
      loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, []).find(
        (definition) => definition.name === 'playback',
      ),
      'the playback bucket',
    );
    expect(bucket.cors).toHaveLength(1);
    const rule = present(bucket.cors[0], "the playback bucket's CORS rule");
    expect({
      origins: policy.cors.allowOrigins,
      methods: policy.cors.allowMethods,
      headers: policy.cors.allowHeaders,
      expose: policy.cors.exposeHeaders,
      maxAge: policy.cors.maxAgeSeconds,
    }).toEqual({
      origins: rule.allowedOrigins,
      methods: rule.allowedMethods,
      headers: rule.allowedHeaders,
      expose: rule.exposeHeaders,
      maxAge: rule.maxAgeSeconds,
    });
  });
});
