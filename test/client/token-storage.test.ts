/** @jest-environment jsdom */
import { afterEach, describe, expect, test } from '@jest/globals';
import { hasStoredSession } from '../../client/src/auth/stored-session';
import { moveTokensFromLocalStorage, tokenCookieStorage } from '../../client/src/auth/token-cookies';

const CLIENT = 'client123';
const USER = 'f0e1d2c3-user';

function clearCookies(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  }
}

afterEach(() => {
  localStorage.clear();
  clearCookies();
});

describe('where the Cognito tokens are kept', () => {
  test('in SameSite=Strict cookies for the whole app, Secure when the page is HTTPS', () => {
    expect(tokenCookieStorage('https:')).toMatchObject({ path: '/', sameSite: 'strict', secure: true });
    expect(tokenCookieStorage('http:')).toMatchObject({ path: '/', sameSite: 'strict', secure: false });
    expect(tokenCookieStorage('http:').domain).toBeUndefined();
  });

  test("a session is stored when this app client's access token is, in a cookie or in the localStorage of an earlier build", () => {
    const accessToken = `CognitoIdentityServiceProvider.${CLIENT}.${USER}.accessToken`;
    expect(hasStoredSession(CLIENT, '', localStorage)).toBe(false);
    expect(hasStoredSession(CLIENT, `theme=dark; ${accessToken}=eyJ.x.y`, localStorage)).toBe(true);
    expect(hasStoredSession('another-client', `${accessToken}=eyJ.x.y`, localStorage)).toBe(false);
    expect(
      hasStoredSession(CLIENT, `CognitoIdentityServiceProvider.${CLIENT}.LastAuthUser=${USER}`, localStorage),
    ).toBe(false);
    localStorage.setItem(accessToken, 'eyJ.x.y');
    expect(hasStoredSession(CLIENT, '', localStorage)).toBe(true);
  });

  test("tokens an earlier build left in localStorage move into the cookies, and only Amplify's", async () => {
    // Prepare
    const prefix = `CognitoIdentityServiceProvider.${CLIENT}`;
    localStorage.setItem(`${prefix}.LastAuthUser`, USER);
    localStorage.setItem(`${prefix}.${USER}.idToken`, 'eyJ.id.token');
    localStorage.setItem(`${prefix}.${USER}.accessToken`, 'eyJ.access.token');
    localStorage.setItem(`${prefix}.${USER}.refreshToken`, 'refresh-token');
    localStorage.setItem('videopipe.other', 'kept');
    const cookies = tokenCookieStorage('http:');

    // Act
    await moveTokensFromLocalStorage(localStorage, cookies);

    // Assess
    expect(Object.keys(localStorage)).toEqual(['videopipe.other']);
    expect(await cookies.getItem(`${prefix}.LastAuthUser`)).toBe(USER);
    expect(await cookies.getItem(`${prefix}.${USER}.idToken`)).toBe('eyJ.id.token');
    expect(await cookies.getItem(`${prefix}.${USER}.refreshToken`)).toBe('refresh-token');
    // The session is still there, now from the cookies alone.
    expect(hasStoredSession(CLIENT, document.cookie, localStorage)).toBe(true);
  });
});
