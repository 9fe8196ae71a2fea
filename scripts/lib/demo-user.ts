import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Endpoints } from '../../local/endpoints';
import { CliError, isUnreachable } from './cli-error';
import { idTokenSubject } from './id-token-subject';
import { signInWithSrp } from './srp-sign-in';

// The demo's user of the local pool: signed in with USER_SRP_AUTH (the app client's flow, as the
// web client's Amplify uses it), signed up on first use and confirmed with AdminConfirmSignUp,
// which the back end may call with the pool's IAM credentials (the local ones from endpoints.json,
// which sign the request), so no emailed code is needed and the dev server need not run with
// --auto-confirm.

export const DEMO_EMAIL = 'demo@videopipe.local';
/** Meets the pool's password policy (terraform/cognito.json); only ever used against the local pool. */
export const DEMO_PASSWORD = 'Demo-videopipe-1';

export interface SignedInUser {
  email: string;
  sub: string;
  idToken: string;
  /** The user was signed up just now. */
  created: boolean;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string }).name;
}

export async function signInDemoUser(endpoints: Endpoints, email: string, password: string): Promise<SignedInUser> {
  const client = new CognitoIdentityProviderClient({
    endpoint: endpoints.cognitoEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
    maxAttempts: 1,
  });
  const signIn = async () => {
    const idToken = (
      await signInWithSrp(client, {
        userPoolId: endpoints.userPoolId,
        clientId: endpoints.userPoolClientId,
        username: email,
        password,
      })
    ).IdToken;
    if (!idToken) throw new CliError(`Signing in as ${email} returned no token.`);
    return idToken;
  };
  const confirm = () =>
    client.send(new AdminConfirmSignUpCommand({ UserPoolId: endpoints.userPoolId, Username: email }));
  try {
    let created = false;
    let idToken: string;
    try {
      idToken = await signIn();
    } catch (error) {
      if (errorName(error) === 'UserNotConfirmedException') {
        // Signed up earlier but never confirmed (e.g. by hand, without the code).
        await confirm();
      } else if (errorName(error) === 'PasswordResetRequiredException') {
        throw new CliError(
          `${email} was stored by an older local user pool and must choose a new password: reset it on the sign-in page ("Forgot your password?"), or use another --email.`,
        );
      } else if (errorName(error) === 'NotAuthorizedException' || errorName(error) === 'UserNotFoundException') {
        try {
          const signedUp = await client.send(
            new SignUpCommand({
              ClientId: endpoints.userPoolClientId,
              Username: email,
              Password: password,
              UserAttributes: [
                { Name: 'email', Value: email },
                { Name: 'preferred_username', Value: email.split('@')[0] },
              ],
            }),
          );
          if (!signedUp.UserConfirmed) await confirm();
          created = true;
        } catch (signUpError) {
          if (errorName(signUpError) === 'UsernameExistsException')
            throw new CliError(
              `${email} exists with another password: pass it with --password, or use another --email.`,
            );
          if (errorName(signUpError) === 'InvalidPasswordException')
            throw new CliError(`That password cannot be used: ${(signUpError as Error).message}.`);
          throw signUpError;
        }
      } else {
        throw error;
      }
      idToken = await signIn();
    }
    return { email, sub: idTokenSubject(idToken), idToken, created };
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (isUnreachable(error))
      throw new CliError(
        `The local user pool does not answer at ${endpoints.cognitoEndpoint}; run \`npm start\` first.`,
      );
    throw new CliError(`Could not sign in as ${email}: ${(error as Error).message}`);
  } finally {
    client.destroy();
  }
}
