import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, decodeJwt, generateKeyPair, importJWK } from 'jose';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

const FEED = 'query { listVideos(limit: 1) { items { id } nextToken } }';

describe('request authentication (HTTP)', () => {
  const endpoints = testEndpoints();
  let user: TestUser;

  beforeAll(async () => {
    user = await createUser(endpoints, 'auth');
  });

  test('a request without credentials is refused with 401 UnauthorizedException', async () => {
    const result = await graphql(endpoints, { mode: 'none' }, FEED);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException' });
  });

  test('a wrong API key is refused with 401', async () => {
    const result = await graphql(endpoints, { mode: 'apiKey', apiKey: 'da2-wrongwrongwrongwrongwrongwr' }, FEED);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]).toMatchObject({
      errorType: 'UnauthorizedException',
      message: 'You are not authorized to make this call.',
    });
  });

  test('ID and access tokens of the pool are both accepted', async () => {
    for (const token of [user.idToken, user.accessToken]) {
      const result = await graphql(endpoints, { mode: 'userPool', token }, FEED);
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
    }
  });

  test('a tampered token is refused with 401', async () => {
    const [header, , signature] = user.idToken.split('.');
    const claims = decodeJwt(user.idToken);
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    const result = await graphql(endpoints, { mode: 'userPool', token: `${header}.${forged}.${signature}` }, FEED);
    expect(result.status).toBe(401);
  });

  test('a token signed by another key for the same issuer is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const claims = decodeJwt(user.idToken);
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'attacker' }).sign(privateKey);
    const result = await graphql(endpoints, { mode: 'userPool', token }, FEED);
    expect(result.status).toBe(401);
  });

  test('an expired token of the pool is refused with "Token has expired."', async () => {
    // Signed with the pool's own key (read from the local cloud's data dir), only its exp is past.
    const pool = JSON.parse(
      readFileSync(path.join(process.env.VIDEOPIPE_TEST_DATA_DIR!, 'cognito', 'user-pool.json'), 'utf8'),
    );
    const key = await importJWK(pool.signingKey.privateJwk, 'RS256');
    const claims = decodeJwt(user.idToken);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: 'RS256', kid: pool.signingKey.kid })
      .sign(key);
    const result = await graphql(endpoints, { mode: 'userPool', token }, FEED);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException', message: 'Token has expired.' });
  });

  test('a token of another pool is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const claims = decodeJwt(user.idToken);
    const token = await new SignJWT({
      ...claims,
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0000',
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .sign(privateKey);
    expect((await graphql(endpoints, { mode: 'userPool', token }, FEED)).status).toBe(401);
  });

  test('IAM requests signed with the local credentials are accepted; another secret is refused', async () => {
    const ok = await graphql(
      endpoints,
      { mode: 'iam' },
      'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id status } }',
      { input: { id: 'v1', userId: 'u1', status: 'PROCESSING', progress: 5, updatedAt: new Date().toISOString() } },
    );
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ publishVideoStatus: { id: 'v1', status: 'PROCESSING' } });
    const bad = await graphql(endpoints, { mode: 'iam', secretAccessKey: 'not-the-secret' }, FEED);
    expect(bad.status).toBe(401);
  });

  test('IAM requests signed for another service or region are refused, as AppSync refuses them', async () => {
    const otherService = await graphql(endpoints, { mode: 'iam', service: 's3' }, FEED);
    expect([otherService.status, otherService.errors?.[0]?.message]).toEqual([
      401,
      "Credential should be scoped to correct service: 'appsync'.",
    ]);
    const otherRegion = await graphql(endpoints, { mode: 'iam', region: 'eu-west-1' }, FEED);
    expect([otherRegion.status, otherRegion.errors?.[0]?.message]).toEqual([
      401,
      "Credential should be scoped to a valid region, not 'eu-west-1'.",
    ]);
  });
});
