import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { CognitoError } from './errors';

// Cognito's default password policy, and passwords kept only as scrypt hashes.

export function assertPasswordPolicy(password: string): void {
  const problems: string[] = [];
  if (password.length < 8) problems.push('Password not long enough');
  if (!/[a-z]/.test(password)) problems.push('Password must have lowercase characters');
  if (!/[A-Z]/.test(password)) problems.push('Password must have uppercase characters');
  if (!/[0-9]/.test(password)) problems.push('Password must have numeric characters');
  if (!/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) problems.push('Password must have symbol characters');
  if (problems.length > 0) {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${problems[0]}`);
  }
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}
