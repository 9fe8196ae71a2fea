import { randomInt } from 'node:crypto';
import { CognitoError } from './errors';
import type { OperationContext } from './context';
import type { EmailedCode, UserRecord } from './store';

// Sign-up confirmation codes live 24 hours, password reset codes one hour, as on Cognito.
const LIFETIME_MS = { confirmation: 24 * 3600 * 1000, passwordReset: 3600 * 1000 } as const;
const LOG_LABEL = { confirmation: 'confirmation code', passwordReset: 'password reset code' } as const;

export type CodePurpose = keyof typeof LIFETIME_MS;

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL';
  AttributeName: 'email';
}

/** a***@example.com, as Cognito shows where the code went. */
export function maskedDestination(email: string): CodeDeliveryDetails {
  return { Destination: email.replace(/^(.).*(@.*)$/, '$1***$2'), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}

export function sendCode(user: UserRecord, purpose: CodePurpose, context: OperationContext): CodeDeliveryDetails {
  const code: EmailedCode = {
    code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    expiresAt: context.now() + LIFETIME_MS[purpose],
  };
  if (purpose === 'confirmation') user.confirmationCode = code;
  else user.passwordResetCode = code;
  const email = user.attributes.email ?? user.username;
  // No mail leaves this machine: the code goes to the log for the developer to copy.
  context.log(`cognito: ${LOG_LABEL[purpose]} for ${email}: ${code.code}`);
  return maskedDestination(email);
}

/** Uses up the user's code of that purpose, or refuses with Cognito's error. */
export function redeemCode(user: UserRecord, purpose: CodePurpose, given: string, now: number): void {
  const stored = purpose === 'confirmation' ? user.confirmationCode : user.passwordResetCode;
  if (!stored || stored.code !== given)
    throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  if (stored.expiresAt < now)
    throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  if (purpose === 'confirmation') user.confirmationCode = undefined;
  else user.passwordResetCode = undefined;
}
