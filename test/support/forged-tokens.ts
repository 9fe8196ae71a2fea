// Tokens an attacker (or a stale client) presents: each is refused by AppSync before any field
// runs. Built the way api-auth.test.ts builds them, from a real user's claims.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, decodeJwt, generateKeyPair, importJWK } from 'jose';

/** The same token signed with the pool's own key (read from the local cloud's data dir), only its exp past. */
export async function expiredToken(token: string): Promise<string> {
  const pool = JSON.parse(
    readFileSync(path.join(process.env.VIDEOPIPE_TEST_DATA_DIR!, 'cognito', 'user-pool.json'), 'utf8'),
  );
  const key = await importJWK(pool.signingKey.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...decodeJwt(token), iat: now - 7200, exp: now - 3600 })
    .setProtectedHeader({ alg: 'RS256', kid: pool.signingKey.kid })
    .sign(key);
}

/** The same claims issued by another user pool (its own issuer and signing key). */
export async function otherPoolToken(token: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const claims = { ...decodeJwt(token), iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0000' };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'other-pool-key' }).sign(privateKey);
}

/** A genuine token whose payload was rewritten to name another user (`sub`), signature kept. */
export function tamperedToken(token: string, sub: string): string {
  const [header, , signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}
