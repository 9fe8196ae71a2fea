/** @jest-environment jsdom */
import { afterEach, describe, expect, test } from '@jest/globals';
import { hasStoredSession } from '../../client/src/auth/stored-session';

const CLIENT = 'client123';
const USER = 'f0e1d2c3-user';

afterEach(() => {
  localStorage.clear();
});

describe('where the Cognito tokens are kept', () => {
  test("a session is stored when this app client's access token is", () => {
    const accessToken = `CognitoIdentityServiceProvider.${CLIENT}.${USER}.accessToken`;
    expect(hasStoredSession(CLIENT, localStorage)).toBe(false);
    localStorage.setItem(`CognitoIdentityServiceProvider.${CLIENT}.LastAuthUser`, USER);
    expect(hasStoredSession(CLIENT, localStorage)).toBe(false);
    localStorage.setItem(accessToken, 'eyJ.x.y');
    expect(hasStoredSession(CLIENT, localStorage)).toBe(true);
    expect(hasStoredSession('another-client', localStorage)).toBe(false);
  });
});
