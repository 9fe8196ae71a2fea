import type { Caller, CognitoIdentity } from '../types';
import { RequestUnauthorizedError } from './errors';
import { SignatureError, verifySigV4 } from '../../sigv4/verify';
import type { LocalCredentials, SignedRequest } from '../../sigv4/verify';
import type { CredentialDirectory } from '../../iam';

export interface RequestAuthOptions {
  apiKey: string;
  /** The root key pair, or the local IAM's directory of principals. */
  credentials: LocalCredentials | CredentialDirectory;
  /** The region requests must be signed for (AppSync's signing service is 'appsync'). */
  region?: string;
  verifyCognitoToken: (token: string, sourceIp: string) => CognitoIdentity;
}

export type RequestAuthenticator = (request: SignedRequest, sourceIp: string) => Promise<Caller>;

/**
 * Picks the auth mode from the headers as AppSync does (x-api-key, a SigV4 Authorization, or a
 * user-pool JWT in Authorization) and verifies it. A request without valid credentials is refused
 * whole, before any field runs.
 */
export function createRequestAuthenticator(options: RequestAuthOptions): RequestAuthenticator {
  return async (request, sourceIp) => {
    const apiKey = header(request, 'x-api-key');
    const authorization = header(request, 'authorization');
    if (authorization?.startsWith('AWS4-HMAC-SHA256')) {
      let verified;
      try {
        verified = await verifySigV4(request, options.credentials, {
          scope: { service: 'appsync', region: options.region },
        });
      } catch (error) {
        throw new RequestUnauthorizedError(
          error instanceof SignatureError ? error.message : 'You are not authorized to make this call.',
        );
      }
      const { accountId } = options.credentials;
      const { accessKeyId, principal } = verified;
      return {
        authMode: 'AWS_IAM',
        principal,
        identity: {
          accountId,
          cognitoIdentityPoolId: null,
          cognitoIdentityId: null,
          sourceIp: [sourceIp],
          username: accessKeyId,
          userArn: principal.arn,
          cognitoIdentityAuthType: null,
          cognitoIdentityAuthProvider: null,
        },
      };
    }
    if (authorization) {
      return { authMode: 'AMAZON_COGNITO_USER_POOLS', identity: options.verifyCognitoToken(authorization, sourceIp) };
    }
    if (apiKey !== undefined) {
      if (apiKey !== options.apiKey) {
        throw new RequestUnauthorizedError('You are not authorized to make this call.');
      }
      return { authMode: 'API_KEY', identity: null };
    }
    throw new RequestUnauthorizedError('Valid authorization header not provided.');
  };
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
