import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  AdminConfirmSignUpCommand,
  ChangePasswordCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { decodeJwt } from 'jose';
import { loadPoolSettings, validitySeconds } from '../../local/cognito/pool-settings';
import { LocalPool } from '../support/local-pool';

const PASSWORD = 'Correct-Horse-9';
const settings = loadPoolSettings();

function claimsOf(token: string): Record<string, number | string> {
  return decodeJwt<Record<string, number | string>>(token);
}

describe('local Cognito user pool', () => {
  const local = new LocalPool();
  beforeAll(() => local.start());
  afterAll(() => local.remove());

  const refresh = (token: string) =>
    local.client.send(
      new InitiateAuthCommand({
        ClientId: local.pool.userPoolClientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: token },
      }),
    );

  test('pool ids look like AWS ones', () => {
    expect(local.pool.userPoolId).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(local.pool.userPoolClientId).toMatch(/^[a-z0-9]{26}$/);
  });

  test('sign up, confirm with the emailed code, sign in with SRP; tokens pass aws-jwt-verify unchanged', async () => {
    const email = 'ann@example.com';
    const signUp = await local.signUp(email, PASSWORD);
    expect(signUp.UserConfirmed).toBe(false);
    await expect(local.signIn(email, PASSWORD)).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    const code = local.codeFor(email, 'confirmation code') as string;
    await expect(
      local.client.send(
        new ConfirmSignUpCommand({
          ClientId: local.pool.userPoolClientId,
          Username: email,
          ConfirmationCode: code === '000000' ? '111111' : '000000',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await local.client.send(
      new ConfirmSignUpCommand({ ClientId: local.pool.userPoolClientId, Username: email, ConfirmationCode: code }),
    );
    await expect(local.signIn(email, 'Wrong-Password-1')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const tokens = await local.signIn(email, PASSWORD);
    for (const [tokenUse, token] of [
      ['id', tokens.IdToken!],
      ['access', tokens.AccessToken!],
    ] as const) {
      const verifier = CognitoJwtVerifier.create({
        userPoolId: local.pool.userPoolId,
        tokenUse,
        clientId: local.pool.userPoolClientId,
      });
      verifier.cacheJwks(local.pool.jwks() as never);
      const claims = await verifier.verify(token);
      expect(claims.sub).toBe(signUp.UserSub);
    }
    const user = await local.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );

    expect((await refresh(tokens.RefreshToken!)).AuthenticationResult?.IdToken).toBeDefined();
    // Signed out a second after the tokens were issued, on the pool's clock: revoked for being older.
    local.skewMs = 1100;
    try {
      await local.client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
    } finally {
      local.skewMs = 0;
    }
    await expect(refresh(tokens.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(local.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  test("the password policy of terraform/cognito.json, with Cognito's errors, at sign-up and password change", async () => {
    // Prepare: the table's policy is the one Terraform deploys (12 characters, upper, lower, digit, no symbol).
    expect(settings.passwordPolicy).toMatchObject({
      minimumLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: false,
    });
    const refusals: Array<[string, string]> = [
      ['Short-Pw-1a', 'Password not long enough'],
      ['all-lowercase-12', 'Password must have uppercase characters'],
      ['ALL-UPPERCASE-12', 'Password must have lowercase characters'],
      ['No-Digits-Here-At-All', 'Password must have numeric characters'],
    ];

    // Act / Assess
    for (const [password, problem] of refusals) {
      await expect(
        local.signUp(`weak-${password.length}-${problem.length}@example.com`, password),
      ).rejects.toMatchObject({
        name: 'InvalidPasswordException',
        message: `Password did not conform with policy: ${problem}`,
      });
    }
    // Negative controls: exactly 12 characters, and no symbol (the policy does not ask for one).
    await expect(local.signUp('twelve@example.com', 'Abcdefghij12')).resolves.toMatchObject({ UserConfirmed: false });
    await expect(local.signUp('nosymbol@example.com', 'NoSymbolsHere123')).resolves.toMatchObject({
      UserConfirmed: false,
    });
    await local.signUp('dup@example.com', PASSWORD);
    await expect(local.signUp('DUP@example.com', PASSWORD)).rejects.toMatchObject({ name: 'UsernameExistsException' });

    // ChangePassword sets a password too: the same policy, and the old password must be right.
    await local.signUp('changer@example.com', PASSWORD);
    await local.client.send(
      new AdminConfirmSignUpCommand({ UserPoolId: local.pool.userPoolId, Username: 'changer@example.com' }),
    );
    const changer = await local.signIn('changer@example.com', PASSWORD);
    const change = (previous: string, proposed: string) =>
      local.client.send(
        new ChangePasswordCommand({
          AccessToken: changer.AccessToken,
          PreviousPassword: previous,
          ProposedPassword: proposed,
        }),
      );
    await expect(change(PASSWORD, 'Too-short-1')).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    await expect(change('Not-her-password-1', 'Brand-New-Horse-2')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await change(PASSWORD, 'Brand-New-Horse-2');
    await expect(local.signIn('changer@example.com', PASSWORD)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect((await local.signIn('changer@example.com', 'Brand-New-Horse-2')).AccessToken).toBeDefined();
  });

  test('only the flows the app client allows: USER_PASSWORD_AUTH is refused as Cognito refuses it', async () => {
    expect(settings.appClient.explicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    await expect(
      local.client.send(
        new InitiateAuthCommand({
          ClientId: local.pool.userPoolClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ann@example.com', PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  test('a pool whose table allows USER_PASSWORD_AUTH signs in with it: the refusal comes from the table, not the code', async () => {
    const permissive = await new LocalPool({
      settings: { ...settings, appClient: { ...settings.appClient, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] } },
      autoConfirm: true,
    }).start();
    try {
      await permissive.signUp('pat@example.com', PASSWORD);
      const send = (password: string) =>
        permissive.client.send(
          new InitiateAuthCommand({
            ClientId: permissive.pool.userPoolClientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'pat@example.com', PASSWORD: password },
          }),
        );
      expect((await send(PASSWORD)).AuthenticationResult?.IdToken).toBeDefined();
      await expect(send('Wrong-Password-1')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      await expect(permissive.signIn('pat@example.com', PASSWORD)).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'USER_SRP_AUTH flow not enabled for this client',
      });
    } finally {
      await permissive.remove();
    }
  });

  test('token lifetimes come from the table: ID and access tokens, ExpiresIn, and the refresh token', async () => {
    // Prepare
    const { accessToken, idToken, refreshToken } = settings.appClient.tokenValidity;
    expect([accessToken, idToken, refreshToken]).toEqual([
      { value: 60, unit: 'minutes' },
      { value: 60, unit: 'minutes' },
      { value: 30, unit: 'days' },
    ]);

    // Act
    const tokens = await local.signIn('ann@example.com', PASSWORD);

    // Assess
    const id = claimsOf(tokens.IdToken!);
    const access = claimsOf(tokens.AccessToken!);
    expect([Number(id.exp) - Number(id.iat), Number(access.exp) - Number(access.iat), tokens.ExpiresIn]).toEqual([
      validitySeconds(idToken),
      validitySeconds(accessToken),
      validitySeconds(accessToken),
    ]);
    local.skewMs = (validitySeconds(refreshToken) - 60) * 1000;
    expect((await refresh(tokens.RefreshToken!)).AuthenticationResult?.AccessToken).toBeDefined();
    local.skewMs = (validitySeconds(refreshToken) + 1) * 1000;
    await expect(refresh(tokens.RefreshToken!)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
    local.skewMs = 0;
  });

  test('state survives a restart: same pool, same key, users still sign in', async () => {
    const before = { id: local.pool.userPoolId, jwks: local.pool.jwks() };
    await local.stop();
    await local.start();
    expect(local.pool.userPoolId).toBe(before.id);
    expect(local.pool.jwks()).toEqual(before.jwks);
    expect((await local.signIn('ann@example.com', PASSWORD)).AccessToken).toBeDefined();
  });

  test('a user stored by an older pool (a password hash, no SRP verifier) is told to reset the password', async () => {
    // Prepare: the record as versions before SRP wrote it.
    await local.stop();
    const file = path.join(local.dataDir, 'user-pool.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    const sub = '0e5b8a34-9f1e-4c59-9d61-0d8a4b2f7c11';
    state.users[sub] = {
      sub,
      username: sub,
      passwordHash: 'scrypt$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
      attributes: { email: 'old@example.com', email_verified: 'true' },
      status: 'CONFIRMED',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    writeFileSync(file, JSON.stringify(state));
    await local.start();

    // Act / Assess
    await expect(local.signIn('old@example.com', PASSWORD)).rejects.toMatchObject({
      name: 'PasswordResetRequiredException',
      message: 'Password reset required for the user',
    });
  });

  test('public operations need no AWS credentials', async () => {
    const response = await fetch(local.pool.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp',
      },
      body: JSON.stringify({
        ClientId: local.pool.userPoolClientId,
        Username: 'unsigned@example.com',
        Password: PASSWORD,
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ UserConfirmed: false });
    await expect(
      local.client.send(
        new SignUpCommand({ ClientId: 'not-the-client', Username: 'x@example.com', Password: PASSWORD }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
