import { randomUUID } from 'node:crypto';
import {
  AuthFlowType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Endpoints } from '../../local/endpoints';

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

/** A new confirmed user of the local pool (the suite's cloud auto-confirms sign-ups), signed in. */
export async function createUser(endpoints: Endpoints, name = 'tester'): Promise<TestUser> {
  const client = cognitoClient(endpoints);
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `Pw-${randomUUID()}`;
  await client.send(
    new SignUpCommand({
      ClientId: endpoints.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'preferred_username', Value: name },
      ],
    }),
  );
  const auth = await client.send(
    new InitiateAuthCommand({
      ClientId: endpoints.userPoolClientId,
      AuthFlow: AuthFlowType.USER_PASSWORD_AUTH,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const result = auth.AuthenticationResult;
  if (!result?.IdToken || !result.AccessToken || !result.RefreshToken) throw new Error('sign-in returned no tokens');
  const sub = JSON.parse(Buffer.from(result.IdToken.split('.')[1], 'base64url').toString('utf8')).sub as string;
  client.destroy();
  return { email, password, sub, idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken };
}
