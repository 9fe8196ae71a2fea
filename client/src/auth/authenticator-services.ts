import { signIn, signUp } from 'aws-amplify/auth';
import type { SignInInput, SignUpInput } from 'aws-amplify/auth';
import type { AuthFlowType } from '../config/client-config';

/**
 * The Authenticator's sign-in and sign-up with the configured auth flow. SRP on AWS; the local user
 * pool has no SRP, so its config says USER_PASSWORD_AUTH. This is the only place the flow is chosen.
 */
export function authenticatorServices(authFlowType: AuthFlowType): { handleSignIn: typeof signIn; handleSignUp: typeof signUp } {
  const handleSignIn = (input: SignInInput) => signIn({ ...input, options: { ...input.options, authFlowType } });
  const handleSignUp = (input: SignUpInput) => {
    const autoSignIn = input.options?.autoSignIn;
    // The Authenticator signs in right after confirmation; it must use the same flow.
    const withFlow = autoSignIn === true || autoSignIn === undefined ? { authFlowType } : autoSignIn === false ? false : { ...autoSignIn, authFlowType };
    return signUp({ ...input, options: { ...input.options, autoSignIn: withFlow } } as SignUpInput);
  };
  // Amplify types these with an extra server-side overload (ctx, input); the Authenticator only
  // ever calls the (input) form.
  return { handleSignIn: handleSignIn as typeof signIn, handleSignUp: handleSignUp as typeof signUp };
}
