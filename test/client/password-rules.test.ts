import { describe, expect, test } from '@jest/globals';
import { describePasswordPolicy } from '../../client/src/auth/password-rules';
import cognito from '../../terraform/cognito.json';

describe('the password rules the sign-up form states', () => {
  test("terraform/cognito.json's policy, in one sentence", () => {
    expect(describePasswordPolicy(cognito.passwordPolicy)).toBe(
      'At least 12 characters, with a lowercase letter, an uppercase letter and a number.',
    );
  });

  test('follows the policy it is given', () => {
    const none = {
      minimumLength: 8,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
    };
    expect(describePasswordPolicy(none)).toBe('At least 8 characters.');
    expect(describePasswordPolicy({ ...none, requireSymbols: true })).toBe('At least 8 characters, with a symbol.');
    expect(describePasswordPolicy({ ...none, requireNumbers: true, requireSymbols: true })).toBe(
      'At least 8 characters, with a number and a symbol.',
    );
  });
});
