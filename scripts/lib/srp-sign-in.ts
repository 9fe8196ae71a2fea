import { createHmac } from 'node:crypto';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import type {
  AuthenticationResultType,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationHelper, DateHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/lib/BigInteger';

export interface SrpSignInOptions {
  userPoolId: string;
  clientId: string;
  username: string;
  password: string;
}

export interface SrpAttempt {
  /** InitiateAuth's PASSWORD_VERIFIER parameters: SALT, SECRET_BLOCK, SRP_B, USERNAME, USER_ID_FOR_SRP. */
  challengeParameters: Record<string, string>;
  session?: string;
  /** The PASSWORD_VERIFIER answer, signed over `timestamp` (now, in Cognito's format, by default). */
  challengeResponses(timestamp?: string): Promise<Record<string, string>>;
}

/** What the PASSWORD_VERIFIER answer is computed from: Cognito's challenge always carries all four. */
function passwordVerifierNumbers(challenge: Record<string, string>) {
  const { USER_ID_FOR_SRP: userIdForSrp, SRP_B: srpB, SALT: salt, SECRET_BLOCK: secretBlock } = challenge;
  if (userIdForSrp === undefined || srpB === undefined || salt === undefined || secretBlock === undefined)
    throw new Error(
      `PASSWORD_VERIFIER needs USER_ID_FOR_SRP, SRP_B, SALT and SECRET_BLOCK; it came with ${Object.keys(challenge).join(', ')}`,
    );
  return { userIdForSrp, srpB, salt, secretBlock };
}

/**
 * USER_SRP_AUTH's first step through the AWS SDK, as Amplify does it: the SRP numbers come from
 * amazon-cognito-identity-js's AuthenticationHelper (AWS's own client code); only the
 * PASSWORD_CLAIM_SIGNATURE's HMAC is put together here.
 */
export async function beginSrpSignIn(
  client: CognitoIdentityProviderClient,
  options: SrpSignInOptions,
): Promise<SrpAttempt> {
  const poolName = options.userPoolId.split('_')[1] ?? '';
  const helper = new AuthenticationHelper(poolName);
  const largeA = await new Promise<BigInteger>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  );
  const initiated = await client.send(
    new InitiateAuthCommand({
      ClientId: options.clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: options.username, SRP_A: largeA.toString(16) },
    }),
  );
  if (initiated.ChallengeName !== 'PASSWORD_VERIFIER')
    throw new Error(`USER_SRP_AUTH answered ${initiated.ChallengeName ?? 'no challenge'}, not PASSWORD_VERIFIER`);
  const challenge = initiated.ChallengeParameters ?? {};
  const { userIdForSrp, srpB, salt, secretBlock } = passwordVerifierNumbers(challenge);
  return {
    challengeParameters: challenge,
    session: initiated.Session,
    async challengeResponses(timestamp = new DateHelper().getNowString()) {
      const key = await new Promise<Uint8Array>((resolve, reject) =>
        helper.getPasswordAuthenticationKey(
          userIdForSrp,
          options.password,
          new BigInteger(srpB, 16),
          new BigInteger(salt, 16),
          (error, hkdf) => (error ? reject(error) : resolve(hkdf)),
        ),
      );
      const signature = createHmac('sha256', key)
        .update(
          Buffer.concat([
            Buffer.from(poolName, 'utf8'),
            Buffer.from(userIdForSrp, 'utf8'),
            Buffer.from(secretBlock, 'base64'),
            Buffer.from(timestamp, 'utf8'),
          ]),
        )
        .digest('base64');
      return {
        USERNAME: userIdForSrp,
        PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature,
      };
    },
  };
}

/** A whole USER_SRP_AUTH sign-in; Cognito's errors pass through unchanged (NotAuthorizedException, UserNotConfirmedException...). */
export async function signInWithSrp(
  client: CognitoIdentityProviderClient,
  options: SrpSignInOptions,
): Promise<AuthenticationResultType> {
  const attempt = await beginSrpSignIn(client, options);
  const answered = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: options.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: attempt.session,
      ChallengeResponses: await attempt.challengeResponses(),
    }),
  );
  if (!answered.AuthenticationResult)
    throw new Error(`PASSWORD_VERIFIER answered ${answered.ChallengeName ?? 'no tokens'}`);
  return answered.AuthenticationResult;
}
