import { Amplify } from 'aws-amplify';
import type { ClientConfig } from '../../../common/client-config';

/** Amplify does only sign-up, sign-in and tokens here; GraphQL goes through Apollo. */
export function configureAmplify(config: ClientConfig): void {
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
}
