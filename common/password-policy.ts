/**
 * The user pool's password policy as terraform/cognito.json states it: Terraform and the local pool
 * enforce it, and the client config carries it so that the sign-up form can state it.
 */
export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  /** How long a temporary password (one an administrator set) may be used to sign in. */
  temporaryPasswordValidityDays: number;
}
