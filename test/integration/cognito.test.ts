import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { startCognito } from '../../local/cognito';
import type { CognitoEmulator } from '../../local/cognito';

const PASSWORD = 'Correct-Horse-9';

describe('local Cognito user pool', () => {
  let dataDir: string;
  let pool: CognitoEmulator;
  let client: CognitoIdentityProviderClient;

  async function start() {
    pool = await startCognito({ port: 0, dataDir, region: 'eu-west-1' });
    client = new CognitoIdentityProviderClient({ endpoint: pool.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-cognito-'));
    await start();
  });
  afterAll(async () => {
    client.destroy();
    await pool.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (username: string, password: string) =>
    client.send(new InitiateAuthCommand({ ClientId: pool.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

  test('pool ids look like AWS ones', () => {
    expect(pool.userPoolId).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(pool.userPoolClientId).toMatch(/^[a-z0-9]{26}$/);
  });

  test('sign up, confirm with the emailed code, sign in; tokens pass aws-jwt-verify unchanged', async () => {
    const email = 'ann@example.com';
    const signUp = await client.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
    expect(signUp.UserConfirmed).toBe(false);
    await expect(signIn(email, PASSWORD)).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    await expect(client.send(new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: email, ConfirmationCode: '000000' === pool.lastCode(email) ? '111111' : '000000' }))).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await client.send(new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: email, ConfirmationCode: pool.lastCode(email)! }));
    await expect(signIn(email, 'Wrong-Password-1')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const tokens = (await signIn(email, PASSWORD)).AuthenticationResult!;
    for (const [tokenUse, token] of [['id', tokens.IdToken!], ['access', tokens.AccessToken!]] as const) {
      const verifier = CognitoJwtVerifier.create({ userPoolId: pool.userPoolId, tokenUse, clientId: pool.userPoolClientId });
      verifier.cacheJwks(pool.jwks() as never);
      const claims = await verifier.verify(token);
      expect(claims.sub).toBe(signUp.UserSub);
    }
    const user = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }]));

    const refreshed = await client.send(new InitiateAuthCommand({ ClientId: pool.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }));
    expect(refreshed.AuthenticationResult?.IdToken).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
    await expect(client.send(new InitiateAuthCommand({ ClientId: pool.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('weak passwords and duplicate sign-ups are refused with Cognito\'s errors', async () => {
    await expect(client.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username: 'weak@example.com', Password: 'password' }))).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await client.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username: 'dup@example.com', Password: PASSWORD }));
    await expect(client.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username: 'DUP@example.com', Password: PASSWORD }))).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });

  test('state survives a restart: same pool, same key, users still sign in', async () => {
    const before = { id: pool.userPoolId, jwks: pool.jwks() };
    client.destroy();
    await pool.close();
    await start();
    expect(pool.userPoolId).toBe(before.id);
    expect(pool.jwks()).toEqual(before.jwks);
    expect((await signIn('ann@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toBeDefined();
  });
});
