// ForgotPassword and ConfirmForgotPassword on the local pool: the code "emailed" to the developer's
// log, Cognito's errors for a wrong, used or expired code, and the policy on the new password.
import {
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LocalPool } from '../support/local-pool';

const EMAIL = 'reset@example.com';
const PASSWORD = 'Correct-Horse-9';
const NEW_PASSWORD = 'Harbour-Lights-2026';

describe('a forgotten password on the local pool', () => {
  const local = new LocalPool({ autoConfirm: true });
  beforeAll(async () => {
    await local.start();
    await local.signUp(EMAIL, PASSWORD);
  });
  afterAll(() => local.remove());

  const forgot = (username: string) =>
    local.client.send(new ForgotPasswordCommand({ ClientId: local.pool.userPoolClientId, Username: username }));
  const confirm = (username: string, code: string, password: string) =>
    local.client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: local.pool.userPoolClientId,
        Username: username,
        ConfirmationCode: code,
        Password: password,
      }),
    );
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  test('the code goes to the log, a wrong code and a weak password are refused, the right one sets the new password once', async () => {
    // Act
    const sent = await forgot(EMAIL);
    const code = local.codeFor(EMAIL, 'password reset code') as string;

    // Assess
    expect(sent.CodeDeliveryDetails).toEqual({
      Destination: 'r***@example.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(code).toMatch(/^\d{6}$/);
    await expect(confirm(EMAIL, wrong(code), NEW_PASSWORD)).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    await expect(confirm(EMAIL, code, 'harbour-lights-2026')).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    await confirm(EMAIL, code, NEW_PASSWORD);
    await expect(local.signIn(EMAIL, PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await local.signIn(EMAIL, NEW_PASSWORD)).AccessToken).toBeDefined();
    // A code works once.
    await expect(confirm(EMAIL, code, PASSWORD)).rejects.toMatchObject({ name: 'CodeMismatchException' });
  });

  test('a code older than an hour is ExpiredCodeException; a new one works', async () => {
    await forgot(EMAIL);
    const stale = local.codeFor(EMAIL, 'password reset code') as string;
    local.skewMs = 3601 * 1000;
    try {
      await expect(confirm(EMAIL, stale, PASSWORD)).rejects.toMatchObject({
        name: 'ExpiredCodeException',
        message: 'Invalid code provided, please request a code again.',
      });
      await forgot(EMAIL);
      await confirm(EMAIL, local.codeFor(EMAIL, 'password reset code') as string, PASSWORD);
    } finally {
      local.skewMs = 0;
    }
    expect((await local.signIn(EMAIL, PASSWORD)).AccessToken).toBeDefined();
  });

  test('an unknown user is answered as if a code went out, and any code is then a mismatch (PreventUserExistenceErrors)', async () => {
    expect((await forgot('nobody@example.com')).CodeDeliveryDetails).toEqual({
      Destination: 'n***@example.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(local.codeFor('nobody@example.com', 'password reset code')).toBeUndefined();
    await expect(confirm('nobody@example.com', '123456', NEW_PASSWORD)).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
  });

  test('sign-up confirmation hides unknown users the same way', async () => {
    const resent = await local.client.send(
      new ResendConfirmationCodeCommand({ ClientId: local.pool.userPoolClientId, Username: 'nobody@example.com' }),
    );
    expect(resent.CodeDeliveryDetails).toEqual({
      Destination: 'n***@example.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    await expect(
      local.client.send(
        new ConfirmSignUpCommand({
          ClientId: local.pool.userPoolClientId,
          Username: 'nobody@example.com',
          ConfirmationCode: '123456',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
  });

  test('a user whose email is not verified cannot reset by email', async () => {
    const unverified = await new LocalPool().start();
    try {
      await unverified.signUp(EMAIL, PASSWORD);
      await expect(
        unverified.client.send(
          new ForgotPasswordCommand({ ClientId: unverified.pool.userPoolClientId, Username: EMAIL }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
      });
    } finally {
      await unverified.remove();
    }
  });
});
