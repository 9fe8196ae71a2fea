// local/cloudfront's runner for CloudFront Functions: a file's handler(event) run in a context with
// the language's built-ins only, JSON in and out, as the cloudfront-js-2.0 runtime offers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadViewerRequestFunction } from '../../../../local/cloudfront';
import type { CloudFrontFunctionEvent } from '../../../../local/cloudfront';

const event: CloudFrontFunctionEvent = {
  version: '1.0',
  context: {
    distributionDomainName: 'd.cloudfront.net',
    distributionId: 'E1',
    eventType: 'viewer-request',
    requestId: 'r',
  },
  viewer: { ip: '198.51.100.1' },
  request: {
    method: 'GET',
    uri: '/old',
    querystring: {},
    headers: { host: { value: 'd.cloudfront.net' } },
    cookies: {},
  },
};

describe('running a CloudFront Function file locally', () => {
  let dir: string;
  const write = (name: string, source: string) => writeFileSync(path.join(dir, `${name}.js`), source);

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-cf-function-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a function that answers by itself returns a response, not a request', () => {
    write(
      'redirect',
      "function handler(event) { return { statusCode: 301, statusDescription: 'Moved', headers: { location: { value: '/new' } } }; }",
    );
    expect(loadViewerRequestFunction('redirect', dir)(event)).toEqual({
      type: 'response',
      response: { statusCode: 301, statusDescription: 'Moved', headers: { location: { value: '/new' } } },
    });
  });

  test('the function sees no host object: no require, process or globalThis of Node, no eval', () => {
    write(
      'probe',
      [
        'function handler(event) {',
        '  var seen = [typeof require, typeof process, typeof setTimeout, typeof Buffer];',
        "  var evalRefused = false; try { eval('1'); } catch (e) { evalRefused = true; }",
        "  event.request.headers['x-seen'] = { value: seen.join(',') + ';' + evalRefused };",
        '  return event.request;',
        '}',
      ].join('\n'),
    );
    const result = loadViewerRequestFunction('probe', dir)(event);
    expect(result.type === 'request' && result.request.headers['x-seen']).toEqual({
      value: 'undefined,undefined,undefined,undefined;true',
    });
  });

  test('a file without handler(event), or a handler that returns nothing, is refused with a sentence', () => {
    write('nohandler', 'var x = 1;');
    expect(() => loadViewerRequestFunction('nohandler', dir)).toThrow(
      'nohandler.js defines no handler(event) function.',
    );
    write('nothing', 'function handler(event) {}');
    expect(() => loadViewerRequestFunction('nothing', dir)(event)).toThrow(
      'nothing.js returned nothing: a viewer-request function returns the request or a response.',
    );
  });

  test("each run starts from the event it is given: one request's changes do not reach the next", () => {
    write(
      'mutate',
      "var count = 0; function handler(event) { count += 1; event.request.uri = event.request.uri + '#' + count; return event.request; }",
    );
    const run = loadViewerRequestFunction('mutate', dir);
    const first = run(event);
    const second = run(event);
    expect([
      first.type === 'request' && first.request.uri,
      second.type === 'request' && second.request.uri,
      event.request.uri,
    ]).toEqual(['/old#1', '/old#2', '/old']);
  });
});
