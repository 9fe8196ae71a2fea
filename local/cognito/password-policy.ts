import { CognitoError } from './errors';
import type { PasswordPolicy } from '../../common/password-policy';

// Cognito's special characters for a password policy that requires symbols.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** The first rule of the pool's policy a password breaks, in Cognito's words, or undefined. */
export function passwordPolicyProblem(password: string, policy: PasswordPolicy): string | undefined {
  if (password.length < policy.minimumLength) return 'Password not long enough';
  if (policy.requireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.requireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.requireSymbols && !SYMBOL.test(password)) return 'Password must have symbol characters';
  return undefined;
}

/** Refuses a password as Cognito does wherever one is set (SignUp, ConfirmForgotPassword, ChangePassword). */
export function assertPasswordPolicy(password: string, policy: PasswordPolicy): void {
  const problem = passwordPolicyProblem(password, policy);
  if (problem) throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${problem}`);
}
