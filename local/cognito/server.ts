import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, stripQuery } from '../lib/http';
import type { CredentialDirectory } from '../iam';
import type { LocalCredentials } from '../sigv4/verify';
import { CognitoError } from './errors';
import { authorizeIamOperation } from './iam-auth';
import { iamOperations, publicOperations } from './operations';
import type { OperationContext } from './operations';

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date',
  'access-control-max-age': '86400',
};

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export interface WellKnown {
  jwks(): unknown;
  openIdConfiguration(): unknown;
  userPoolId: string;
}

/** AWS JSON 1.1 on POST /, plus the pool's JWKS and OpenID configuration. */
export function createCognitoHandler(
  context: OperationContext,
  wellKnown: WellKnown,
  credentials: LocalCredentials | CredentialDirectory,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = stripQuery(req.url ?? '/');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (req.method === 'GET') {
      if (path === `/${wellKnown.userPoolId}/.well-known/jwks.json` || path === '/.well-known/jwks.json')
        return sendJson(res, 200, wellKnown.jwks(), CORS);
      if (path === `/${wellKnown.userPoolId}/.well-known/openid-configuration`)
        return sendJson(res, 200, wellKnown.openIdConfiguration(), CORS);
      return sendJson(res, 404, { __type: 'ResourceNotFoundException', message: `Nothing is served at ${path}` }, CORS);
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const publicOperation = Object.hasOwn(publicOperations, name) ? publicOperations[name] : undefined;
    const iamOperation = Object.hasOwn(iamOperations, name) ? iamOperations[name] : undefined;
    const headers = { ...CORS, 'content-type': 'application/x-amz-json-1.1' };
    try {
      const operation = publicOperation ?? iamOperation;
      if (!operation)
        throw new CognitoError(
          'UnknownOperationException',
          `The local user pool does not implement ${target || 'this request'}.`,
        );
      const text = (await readBody(req, 256 * 1024)).toString('utf8');
      if (iamOperation)
        await authorizeIamOperation(req, text, credentials, {
          operation: name,
          userPoolId: wellKnown.userPoolId,
          region: context.region,
        });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text || '{}') as Record<string, unknown>;
      } catch {
        throw new CognitoError('SerializationException', 'The request body is not valid JSON.');
      }
      sendJson(res, 200, await operation(body, context), headers);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendError(res, new CognitoError('RequestEntityTooLarge', error.message, 413));
      // Anything else is the guard's (local/lib/local-server.ts): logged, answered by answerInternalError.
      if (!(error instanceof CognitoError)) throw error;
      sendError(res, error);
    }
  };
}

function sendError(res: ServerResponse, error: CognitoError): void {
  sendJson(
    res,
    error.status,
    { __type: error.type, [error.messageKey]: error.message },
    { ...CORS, 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.type },
  );
}

/** Cognito's 500, for a request the handler failed on. */
export function answerInternalError(res: ServerResponse): void {
  sendError(res, new CognitoError('InternalErrorException', 'The local user pool failed; see its log.', 500));
}
