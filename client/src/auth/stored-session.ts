/** The prefix of every key Amplify's Cognito token store writes (tokens, last user, clock drift...). */
export const TOKEN_KEY_PREFIX = 'CognitoIdentityServiceProvider.';

function isAccessTokenKey(key: string, clientId: string): boolean {
  return key.startsWith(`${TOKEN_KEY_PREFIX}${clientId}.`) && key.endsWith('.accessToken');
}

/**
 * Whether Amplify holds an access token for this app client in its storage. Read without loading
 * Amplify, so that a visitor who is not signed in never downloads it (the session it finds may
 * still turn out to be over).
 */
export function hasStoredSession(clientId: string, storage: Storage): boolean {
  const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index) ?? '');
  return keys.some((key) => isAccessTokenKey(key, clientId));
}
