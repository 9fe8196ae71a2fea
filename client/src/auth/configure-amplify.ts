import { Amplify } from 'aws-amplify';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import type { ClientConfig } from '../../../common/client-config';
import { moveTokensFromLocalStorage, tokenCookieStorage } from './token-cookies';

/** Amplify does only sign-up, sign-in and tokens here; GraphQL goes through Apollo. */
export async function configureAmplify(config: ClientConfig): Promise<void> {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        ...(config.userPoolEndpoint ? { userPoolEndpoint: config.userPoolEndpoint } : {}),
        loginWith: { email: true },
        signUpVerificationMethod: 'code',
        userAttributes: { email: { required: true } },
      },
    },
  });
  // After configure, which points the token provider at localStorage on every call.
  const cookies = tokenCookieStorage(window.location.protocol);
  cognitoUserPoolsTokenProvider.setKeyValueStorage(cookies);
  await moveTokensFromLocalStorage(window.localStorage, cookies);
}
