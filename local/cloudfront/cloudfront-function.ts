import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import vm from 'node:vm';

// Runs a CloudFront Function's file (terraform/cloudfront-functions/*.js) locally, as CloudFront
// runs it at the edge: the same source, its handler(event) given CloudFront's event shape. The file
// is compiled into a V8 context holding only the language's built-ins (no require, process or
// timers, which the cloudfront-js-2.0 runtime lacks too); the event goes in and the result comes
// out as JSON text, so the function never touches a host object.

/** Where Terraform's aws_cloudfront_function resources read their code. */
export const CLOUDFRONT_FUNCTIONS_DIR = path.resolve(__dirname, '..', '..', 'terraform', 'cloudfront-functions');

type ValueMap = Record<string, { value: string; multiValue?: Array<{ value: string }> }>;

export interface CloudFrontFunctionRequest {
  method: string;
  uri: string;
  querystring: ValueMap;
  headers: ValueMap;
  cookies: ValueMap;
}

export interface CloudFrontFunctionResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: ValueMap;
  body?: string | { encoding: 'text' | 'base64'; data: string };
}

export interface CloudFrontFunctionEvent {
  version: '1.0';
  context: { distributionDomainName: string; distributionId: string; eventType: 'viewer-request'; requestId: string };
  viewer: { ip: string };
  request: CloudFrontFunctionRequest;
}

/** What a viewer-request function returns: the request to send on (changed or not), or a response of its own. */
export type ViewerRequestResult =
  { type: 'request'; request: CloudFrontFunctionRequest } | { type: 'response'; response: CloudFrontFunctionResponse };

export type ViewerRequestFunction = (event: CloudFrontFunctionEvent) => ViewerRequestResult;

// CloudFront stops a function that runs past its compute budget (about a millisecond); here only a
// loop must not hang the server. Wall time, so generous: a busy machine must not fail a request.
const TIME_LIMIT_MS = 2000;

/** Compiles <directory>/<name>.js (terraform/cloudfront-functions by default) once; the result runs it per request. */
export function loadViewerRequestFunction(name: string, directory = CLOUDFRONT_FUNCTIONS_DIR): ViewerRequestFunction {
  const file = path.join(directory, `${name}.js`);
  const context = vm.createContext(Object.create(null) as object, { codeGeneration: { strings: false, wasm: false } });
  new vm.Script(readFileSync(file, 'utf8'), { filename: file }).runInContext(context, { timeout: TIME_LIMIT_MS });
  if (vm.runInContext('typeof handler', context) !== 'function')
    throw new Error(`${file} defines no handler(event) function.`);
  const invoke = new vm.Script('JSON.stringify(handler(JSON.parse(eventText)))', { filename: `${name}:invoke` });
  return (event) => {
    (context as { eventText?: string }).eventText = JSON.stringify(event);
    const text = invoke.runInContext(context, { timeout: TIME_LIMIT_MS }) as string | undefined;
    if (text === undefined)
      throw new Error(`${name}.js returned nothing: a viewer-request function returns the request or a response.`);
    const result = JSON.parse(text) as CloudFrontFunctionRequest | CloudFrontFunctionResponse;
    return 'statusCode' in result ? { type: 'response', response: result } : { type: 'request', request: result };
  };
}

/** CloudFront's viewer-request event for a Node request: lower-case header names, the query string by name. */
export function buildViewerRequestEvent(
  req: IncomingMessage,
  url: URL,
  distributionId: string,
): CloudFrontFunctionEvent {
  const headers: ValueMap = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = toValue(Array.isArray(value) ? value : [value]);
  }
  const querystring: ValueMap = {};
  for (const name of new Set(url.searchParams.keys())) querystring[name] = toValue(url.searchParams.getAll(name));
  const cookies: ValueMap = {};
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at).trim()] = { value: pair.slice(at + 1).trim() };
  }
  return {
    version: '1.0',
    context: {
      distributionDomainName: req.headers.host ?? '127.0.0.1',
      distributionId,
      eventType: 'viewer-request',
      requestId: randomUUID(),
    },
    viewer: { ip: req.socket.remoteAddress ?? '127.0.0.1' },
    request: { method: req.method ?? 'GET', uri: url.pathname, querystring, headers, cookies },
  };
}

function toValue(values: string[]): { value: string; multiValue?: Array<{ value: string }> } {
  const [first] = values;
  if (first === undefined) throw new Error('A header or query parameter given to toValue must have a value.');
  return values.length > 1 ? { value: first, multiValue: values.map((value) => ({ value })) } : { value: first };
}
