// The web distribution's viewer-request function, terraform/cloudfront-functions/spa-routing.js: the
// file Terraform deploys and the local web app runs. Its routing on CloudFront's event shape, and
// a check that it uses only what the cloudfront-js-2.0 runtime offers.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Linter } from 'eslint';
import {
  buildViewerRequestEvent,
  CLOUDFRONT_FUNCTIONS_DIR,
  loadViewerRequestFunction,
} from '../../../../local/cloudfront';
import type { CloudFrontFunctionEvent, CloudFrontFunctionRequest } from '../../../../local/cloudfront';

const FILE = path.join(CLOUDFRONT_FUNCTIONS_DIR, 'spa-routing.js');

function viewerRequest(
  uri: string,
  querystring: CloudFrontFunctionRequest['querystring'] = {},
): CloudFrontFunctionEvent {
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: 'r-1',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri,
      querystring,
      headers: { host: { value: 'd111111abcdef8.cloudfront.net' }, accept: { value: 'text/html' } },
      cookies: { theme: { value: 'dark' } },
    },
  };
}

describe("spa-routing.js, the web distribution's viewer-request function", () => {
  const routing = loadViewerRequestFunction('spa-routing');

  test("a path without a file extension is one of the app's routes: it gets /index.html, and the rest of the request is kept", () => {
    for (const uri of ['/', '/watch/01JD6T4Y1V6W6Q3X8Z9ABCDEFG', '/my-videos', '/upload/', '/assets', '/v1.2/watch']) {
      const event = viewerRequest(uri, {
        t: { value: '30' },
        list: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] },
      });
      const result = routing(event);
      expect({ uri, result }).toEqual({
        uri,
        result: { type: 'request', request: { ...event.request, uri: '/index.html' } },
      });
    }
  });

  test('a path whose last segment has an extension goes to the bucket unchanged, so a missing file stays missing', () => {
    for (const uri of [
      '/index.html',
      '/config.json',
      '/assets/index-1a2b3c.js',
      '/assets/missing.js',
      '/robots.txt',
      '/favicon.svg',
      '/watch/01ABC/poster.png',
      '/.well-known/x.json',
    ]) {
      const event = viewerRequest(uri, { v: { value: '2' } });
      expect({ uri, result: routing(event) }).toEqual({ uri, result: { type: 'request', request: event.request } });
    }
  });

  test('the file uses only what the cloudfront-js-2.0 runtime offers: ES 5.1 syntax, no require or Node globals', () => {
    // The runtime is ES 5.1 plus some later features; ES 5.1 alone is what every release of it runs.
    const config: Linter.Config[] = [
      {
        languageOptions: { ecmaVersion: 5, sourceType: 'script', globals: { console: 'readonly' } },
        rules: { 'no-undef': 'error', 'no-restricted-syntax': ['error', 'WithStatement'] },
      },
    ];
    const linter = new Linter({ configType: 'flat' });
    expect(linter.verify(readFileSync(FILE, 'utf8'), config, { filename: 'spa-routing.js' })).toEqual([]);
    // Negative controls: what the runtime would refuse is caught.
    expect(linter.verify("var fs = require('fs');", config).map((message) => message.ruleId)).toEqual(['no-undef']);
    expect(
      linter.verify('function handler(event) { return process.env; }', config).map((message) => message.ruleId),
    ).toEqual(['no-undef']);
    expect(linter.verify('import x from "y";', config)[0]?.fatal).toBe(true);
  });

  test("the local web app hands it CloudFront's event shape: lower-case headers, the query string and cookies by name", () => {
    // Prepare
    const req = {
      method: 'GET',
      headers: { host: '127.0.0.1:4100', accept: 'text/html', cookie: 'a=1; theme=dark' },
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;

    // Act
    const event = buildViewerRequestEvent(
      req,
      new URL('http://127.0.0.1:4100/watch/01ABC?t=30&tag=a&tag=b'),
      'LOCAL-WEB',
    );

    // Assess
    expect(event).toEqual({
      version: '1.0',
      context: {
        distributionDomainName: '127.0.0.1:4100',
        distributionId: 'LOCAL-WEB',
        eventType: 'viewer-request',
        requestId: expect.any(String),
      },
      viewer: { ip: '127.0.0.1' },
      request: {
        method: 'GET',
        uri: '/watch/01ABC',
        querystring: { t: { value: '30' }, tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] } },
        headers: { host: { value: '127.0.0.1:4100' }, accept: { value: 'text/html' } },
        cookies: { a: { value: '1' }, theme: { value: 'dark' } },
      },
    });
    expect(routing(event)).toEqual({ type: 'request', request: { ...event.request, uri: '/index.html' } });
  });
});
