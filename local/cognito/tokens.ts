import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, importJWK } from 'jose';
import { CognitoError } from './errors';
import { validitySeconds } from './pool-settings';
import type { AppClientSettings } from './pool-settings';
import type { PoolStore, UserRecord } from './store';

export interface TokenSet {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

export function issuerOf(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export interface IssueOptions {
  /** The app client's token lifetimes (terraform/cognito.json). */
  validity: AppClientSettings['tokenValidity'];
  withRefresh: boolean;
  originJti?: string;
  authTime?: number;
}

/** ID and access tokens with the claims a real user pool puts in them, signed RS256 with the pool's key. */
export async function issueTokens(
  store: PoolStore,
  region: string,
  user: UserRecord,
  options: IssueOptions,
): Promise<TokenSet> {
  const { userPoolId, userPoolClientId, signingKey } = store.state;
  const key = await store.signingKey();
  const now = Math.floor(Date.now() / 1000);
  const originJti = options.originJti ?? randomUUID();
  const authTime = options.authTime ?? now;
  const eventId = randomUUID();
  const common = { origin_jti: originJti, event_id: eventId, auth_time: authTime };
  const header = { alg: 'RS256', kid: signingKey.kid };
  const issuer = issuerOf(region, userPoolId);
  const idClaims: Record<string, unknown> = {
    ...common,
    'cognito:username': user.username,
    token_use: 'id',
    email_verified: user.attributes.email_verified === 'true',
  };
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name !== 'email_verified' && name !== 'sub') idClaims[name] = value;
  }
  const IdToken = await new SignJWT(idClaims)
    .setProtectedHeader(header)
    .setSubject(user.sub)
    .setIssuer(issuer)
    .setAudience(userPoolClientId)
    .setIssuedAt(now)
    .setExpirationTime(now + validitySeconds(options.validity.idToken))
    .setJti(randomUUID())
    .sign(key);
  const accessLifetime = validitySeconds(options.validity.accessToken);
  const AccessToken = await new SignJWT({
    ...common,
    client_id: userPoolClientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username: user.username,
  })
    .setProtectedHeader(header)
    .setSubject(user.sub)
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + accessLifetime)
    .setJti(randomUUID())
    .sign(key);
  const tokens: TokenSet = { IdToken, AccessToken, ExpiresIn: accessLifetime, TokenType: 'Bearer' };
  if (options.withRefresh) {
    const refresh = randomBytes(48).toString('base64url');
    store.state.refreshTokens[refresh] = {
      sub: user.sub,
      issuedAt: now,
      expiresAt: now + validitySeconds(options.validity.refreshToken),
    };
    tokens.RefreshToken = refresh;
  }
  return tokens;
}

/** The user an access token speaks for, refusing forged, expired and signed-out tokens. */
export async function userOfAccessToken(store: PoolStore, region: string, token: string): Promise<UserRecord> {
  const key = await importJWK(store.state.signingKey.publicJwk, 'RS256');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, { issuer: issuerOf(region, store.state.userPoolId) }));
  } catch {
    throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  }
  if (payload.token_use !== 'access') throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  const signedOut = store.state.signedOutAt[String(payload.sub)];
  if (signedOut !== undefined && Number(payload.iat) <= signedOut)
    throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
  const user = Object.values(store.state.users).find((candidate) => candidate.sub === payload.sub);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return user;
}
