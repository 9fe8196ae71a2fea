// USER_SRP_AUTH against the local pool through the raw AWS SDK: the PASSWORD_VERIFIER challenge as
// Cognito sends it, and each way an answer can be wrong refused as Cognito refuses it.
import {
  AdminConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beginSrpSignIn } from '../../scripts/lib/srp-sign-in';
import type { SrpAttempt } from '../../scripts/lib/srp-sign-in';
import { LocalPool } from '../support/local-pool';

const EMAIL = 'srp@example.com';
const PASSWORD = 'Correct-Horse-9';

/** The answer with the lowest bit of one byte of a base64 field flipped (a negative `at` counts from the end). */
function withFlippedBit(responses: Record<string, string>, field: string, at: number): Record<string, string> {
  const value = responses[field];
  if (value === undefined) throw new Error(`The PASSWORD_VERIFIER answer has no ${field} to tamper with.`);
  const bytes = Buffer.from(value, 'base64');
  const index = at < 0 ? bytes.length + at : at;
  const byte = bytes[index];
  if (byte === undefined) throw new Error(`${field} has no byte ${index} to flip: it is ${bytes.length} bytes long.`);
  bytes[index] = byte ^ 1;
  return { ...responses, [field]: bytes.toString('base64') };
}

describe('USER_SRP_AUTH on the local pool', () => {
  const local = new LocalPool({ autoConfirm: true });
  let sub: string;
  beforeAll(async () => {
    await local.start();
    sub = (await local.signUp(EMAIL, PASSWORD)).UserSub as string;
  });
  afterAll(() => local.remove());

  const begin = (username = EMAIL, password = PASSWORD) =>
    beginSrpSignIn(local.client, {
      userPoolId: local.pool.userPoolId,
      clientId: local.pool.userPoolClientId,
      username,
      password,
    });
  const answer = (responses: Record<string, string>) =>
    local.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.pool.userPoolClientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: responses,
      }),
    );

  test("InitiateAuth answers PASSWORD_VERIFIER with Cognito's parameters; USER_ID_FOR_SRP is the user's username (the sub), not the email", async () => {
    const attempt = await begin();
    expect(Object.keys(attempt.challengeParameters).sort()).toEqual([
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
      'USER_ID_FOR_SRP',
    ]);
    expect(attempt.challengeParameters).toMatchObject({ USERNAME: sub, USER_ID_FOR_SRP: sub });
    expect(attempt.challengeParameters.SRP_B).toMatch(/^[0-9a-f]+$/);
    expect(attempt.session).toBeUndefined();
    const result = await answer(await attempt.challengeResponses());
    expect(result.AuthenticationResult?.IdToken).toBeDefined();
    expect(result.AuthenticationResult?.RefreshToken).toBeDefined();
  });

  test('a wrong password, a tampered SECRET_BLOCK or signature, and another user are all "Incorrect username or password."', async () => {
    const incorrect = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
    await expect(answer(await (await begin(EMAIL, 'Wrong-Horse-99')).challengeResponses())).rejects.toMatchObject(
      incorrect,
    );

    const attempt = await begin();
    const responses = await attempt.challengeResponses();
    await expect(answer(withFlippedBit(responses, 'PASSWORD_CLAIM_SECRET_BLOCK', -1))).rejects.toMatchObject(incorrect);
    await expect(answer(withFlippedBit(responses, 'PASSWORD_CLAIM_SIGNATURE', 0))).rejects.toMatchObject(incorrect);
    await local.signUp('other@example.com', PASSWORD);
    await expect(answer({ ...responses, USERNAME: 'other@example.com' })).rejects.toMatchObject(incorrect);
    // Negative control: the untouched answer to the same challenge signs in.
    expect((await answer(responses)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  test('TIMESTAMP: a malformed one is InvalidParameterException; a parsable but non-canonical one ("05", a wrong weekday) no longer matches', async () => {
    const attempt: SrpAttempt = await begin();
    await expect(answer(await attempt.challengeResponses('2026-09-05T08:03:09Z'))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
    });
    await expect(answer(await attempt.challengeResponses('Sat Sep 05 08:03:09 UTC 2026'))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(answer(await attempt.challengeResponses('Mon Sep 5 08:03:09 UTC 2026'))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect(
      (await answer(await attempt.challengeResponses('Sat Sep 5 08:03:09 UTC 2026'))).AuthenticationResult,
    ).toBeDefined();
  });

  test('an unknown user gets a challenge like anyone (PreventUserExistenceErrors), then "Incorrect username or password."', async () => {
    const attempt = await begin('nobody@example.com');
    expect(Object.keys(attempt.challengeParameters).sort()).toEqual([
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
      'USER_ID_FOR_SRP',
    ]);
    expect(attempt.challengeParameters.USER_ID_FOR_SRP).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const again = await begin('nobody@example.com');
    expect([again.challengeParameters.SALT, again.challengeParameters.USER_ID_FOR_SRP]).toEqual([
      attempt.challengeParameters.SALT,
      attempt.challengeParameters.USER_ID_FOR_SRP,
    ]);
    await expect(answer(await attempt.challengeResponses())).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  test('a challenge answered after the auth session validity (cognito.json) has expired', async () => {
    const attempt = await begin();
    local.skewMs = (local.pool.settings.appClient.authSessionValidityMinutes * 60 + 1) * 1000;
    try {
      await expect(answer(await attempt.challengeResponses())).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
    } finally {
      local.skewMs = 0;
    }
  });

  test('missing parameters and an unconfirmed user are refused at InitiateAuth', async () => {
    const initiate = (parameters: Record<string, string>) =>
      local.client.send(
        new InitiateAuthCommand({
          ClientId: local.pool.userPoolClientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: parameters,
        }),
      );
    await expect(initiate({ USERNAME: EMAIL })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Missing required parameter SRP_A',
    });
    await expect(initiate({ SRP_A: 'abc' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Missing required parameter USERNAME',
    });
    const unconfirmed = await new LocalPool().start();
    try {
      await unconfirmed.signUp(EMAIL, PASSWORD);
      await expect(unconfirmed.signIn(EMAIL, PASSWORD)).rejects.toMatchObject({
        name: 'UserNotConfirmedException',
        message: 'User is not confirmed.',
      });
      await unconfirmed.client.send(
        new AdminConfirmSignUpCommand({ UserPoolId: unconfirmed.pool.userPoolId, Username: EMAIL }),
      );
      expect((await unconfirmed.signIn(EMAIL, PASSWORD)).IdToken).toBeDefined();
    } finally {
      await unconfirmed.remove();
    }
  });
});
