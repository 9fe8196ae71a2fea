import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { CognitoIdentity } from '../types';
import { RequestUnauthorizedError } from './errors';

export interface CognitoAuthOptions {
  userPoolId: string;
  /** The pool's JWKS. AppSync fetches it from Cognito; locally it is handed over, so no request leaves the machine. */
  jwks: Jwks;
}

/**
 * Verifies user-pool JWTs with aws-jwt-verify, the production library: signature against the
 * pool's JWKS, issuer, expiry and token_use. ID and access tokens are both accepted, as on AppSync.
 */
export function createCognitoAuthenticator(
  options: CognitoAuthOptions,
): (token: string, sourceIp: string) => CognitoIdentity {
  const verifier = CognitoJwtVerifier.create({ userPoolId: options.userPoolId, tokenUse: null, clientId: null });
  verifier.cacheJwks(options.jwks);
  return (token, sourceIp) => {
    let claims: Record<string, unknown>;
    try {
      claims = verifier.verifySync(token);
    } catch (error) {
      throw new RequestUnauthorizedError(
        error instanceof JwtExpiredError ? 'Token has expired.' : 'Valid authorization header not provided.',
      );
    }
    const groups = claims['cognito:groups'];
    return {
      sub: String(claims.sub),
      issuer: String(claims.iss),
      username: String(claims['cognito:username'] ?? claims.username ?? claims.sub),
      claims,
      sourceIp: [sourceIp],
      defaultAuthStrategy: 'ALLOW',
      groups: Array.isArray(groups) ? groups.map(String) : null,
    };
  };
}
