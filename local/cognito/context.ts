import { CognitoError } from './errors';
import type { PoolSettings } from './pool-settings';
import type { PoolStore, UserRecord } from './store';

export interface OperationContext {
  store: PoolStore;
  region: string;
  autoConfirm: boolean;
  /** terraform/cognito.json: password policy, allowed flows, token lifetimes. */
  settings: PoolSettings;
  log: (line: string) => void;
  /** Epoch ms; code, challenge and refresh token expiry are measured with it (tests move it on). */
  now: () => number;
}

export type RequestBody = Record<string, unknown>;

export function requireString(body: RequestBody, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new CognitoError(
      'InvalidParameterException',
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function checkClient(body: RequestBody, { store }: OperationContext): void {
  if (body.ClientId !== store.state.userPoolClientId)
    throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.');
}

export function checkPool(body: RequestBody, { store }: OperationContext): void {
  if (body.UserPoolId !== store.state.userPoolId)
    throw new CognitoError('ResourceNotFoundException', 'User pool does not exist.');
}

export function userOrFail(store: PoolStore, username: string): UserRecord {
  const user = store.findUser(username);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return user;
}

/** With PreventUserExistenceErrors ENABLED, Cognito answers for an unknown user as for a real one. */
export function hidesUnknownUsers(context: OperationContext): boolean {
  return context.settings.appClient.preventUserExistenceErrors === 'ENABLED';
}
