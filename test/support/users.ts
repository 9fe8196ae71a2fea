import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Endpoints } from '../../local/endpoints';
import { idTokenSubject } from '../../scripts/lib/id-token-subject';
import { signInWithSrp } from '../../scripts/lib/srp-sign-in';

export interface TestUser {
  email: string;
  password: string;
  sub: string;
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

export function cognitoClient(endpoints: Endpoints): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: endpoints.cognitoEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
}

/** A password the pool's policy accepts (12+ characters, upper and lower case, a digit). */
export function newTestPassword(): string {
  return `Pw-${randomUUID()}-9`;
}

/**
 * A new confirmed user of the local pool (the suite's cloud auto-confirms sign-ups), signed in with
 * SRP as Amplify does. `name` starts the email address and is the display name unless one is given.
 */
export async function createUser(endpoints: Endpoints, name = 'tester', displayName = name): Promise<TestUser> {
  const client = cognitoClient(endpoints);
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const password = newTestPassword();
  await client.send(
    new SignUpCommand({
      ClientId: endpoints.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'preferred_username', Value: displayName },
      ],
    }),
  );
  const result = await signInWithSrp(client, {
    userPoolId: endpoints.userPoolId,
    clientId: endpoints.userPoolClientId,
    username: email,
    password,
  });
  if (!result.IdToken || !result.AccessToken || !result.RefreshToken) throw new Error('sign-in returned no tokens');
  const sub = idTokenSubject(result.IdToken);
  client.destroy();
  return {
    email,
    password,
    sub,
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken,
  };
}
