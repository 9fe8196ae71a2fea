/** The prefix of every key Amplify's Cognito token store writes (tokens, last user, clock drift...). */
export const TOKEN_KEY_PREFIX = 'CognitoIdentityServiceProvider.';

function isAccessTokenKey(key: string, clientId: string): boolean {
  return key.startsWith(`${TOKEN_KEY_PREFIX}${clientId}.`) && key.endsWith('.accessToken');
}

/**
 * Whether Amplify holds an access token for this app client: in its cookies, or in localStorage
 * where an earlier build kept the tokens. Read without loading Amplify, so that a visitor who is
 * not signed in never downloads it (the session it finds may still turn out to be over).
 */
export function hasStoredSession(clientId: string, cookies: string, storage: Storage): boolean {
  // Raw names: URI-encoding leaves the prefix, client id and suffix as they are.
  const cookieNames = cookies.split(';').map((cookie) => cookie.split('=')[0]?.trim() ?? '');
  const storageKeys = Array.from({ length: storage.length }, (_, index) => storage.key(index) ?? '');
  return [...cookieNames, ...storageKeys].some((key) => isAccessTokenKey(key, clientId));
}
