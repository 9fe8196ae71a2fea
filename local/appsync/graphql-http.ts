import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestAuthenticator } from './auth/request-auth';
import { RequestUnauthorizedError } from './auth/errors';
import type { GraphQLEngine } from './graphql-engine';
import type { Caller } from './types';
import { BodyTooLargeError, clientIp, flatHeaders, readBody, sendJson, stripQuery } from '../lib/http';

/** Browsers call the API from the web app's origin; AppSync answers CORS for any origin. */
export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, x-api-key, x-amz-date, x-amz-security-token, x-amz-user-agent, x-amz-content-sha256',
  'access-control-max-age': '86400',
};

/** POST /graphql: auth, then the operation; errors in AppSync's shapes and status codes. */
export function createGraphQLHandler(
  engine: GraphQLEngine,
  authenticate: RequestAuthenticator,
  authorizeIam?: (caller: Caller, query: string, operationName: string | null) => void,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      sendJson(
        res,
        405,
        { errors: [{ errorType: 'MethodNotAllowed', message: 'Send GraphQL operations with POST.' }] },
        CORS_HEADERS,
      );
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      const message = error instanceof BodyTooLargeError ? error.message : 'The request body could not be read.';
      sendJson(res, 413, { errors: [{ errorType: 'PayloadTooLargeException', message }] }, CORS_HEADERS);
      return;
    }
    const headers = flatHeaders(req);
    const text = body.toString('utf8');
    let caller;
    try {
      caller = await authenticate(
        { method: 'POST', host: headers.host ?? '', path: stripQuery(req.url ?? '/graphql'), headers, body: text },
        clientIp(req),
      );
    } catch (error) {
      if (error instanceof RequestUnauthorizedError) {
        sendJson(res, 401, { errors: [{ errorType: error.errorType, message: error.message }] }, CORS_HEADERS);
        return;
      }
      throw error;
    }
    let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      payload = JSON.parse(text) as typeof payload;
    } catch {
      sendJson(
        res,
        400,
        { errors: [{ errorType: 'MalformedHttpRequestException', message: 'The request body is not valid JSON.' }] },
        CORS_HEADERS,
      );
      return;
    }
    if (typeof payload?.query !== 'string') {
      sendJson(
        res,
        400,
        { errors: [{ errorType: 'MalformedHttpRequestException', message: 'The request body has no query string.' }] },
        CORS_HEADERS,
      );
      return;
    }
    const operationName = typeof payload.operationName === 'string' ? payload.operationName : null;
    try {
      authorizeIam?.(caller, payload.query, operationName);
    } catch (error) {
      if (error instanceof RequestUnauthorizedError) {
        sendJson(res, 401, { errors: [{ errorType: error.errorType, message: error.message }] }, CORS_HEADERS);
        return;
      }
      throw error;
    }
    const response = await engine.executeOperation({
      query: payload.query,
      variables: (payload.variables as Record<string, unknown> | null | undefined) ?? null,
      operationName,
      caller,
      headers,
    });
    sendJson(res, 200, response, CORS_HEADERS);
  };
}
