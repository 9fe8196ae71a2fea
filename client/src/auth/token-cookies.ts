import { CookieStorage } from 'aws-amplify/utils';
import { TOKEN_KEY_PREFIX } from './stored-session';

/**
 * Where the Cognito tokens live: first-party cookies rather than localStorage.
 * - SameSite=Strict: no other site's page or link ever sends them along.
 * - Secure wherever the page itself is HTTPS (AWS); the local web app is plain http, where a
 *   Secure cookie would not be stored.
 * - Path=/ and no Domain: the app reads them through document.cookie on every route (/, /watch/…,
 *   /upload, /my-videos, /sign-in all sit at the root, and document.cookie only shows cookies whose
 *   path prefixes the page's), and a host-only cookie reaches no other subdomain. The API is on
 *   another origin and its requests carry no cookies.
 * - Amplify's default lifetime (a year): the refresh token ends the session sooner, and Amplify
 *   deletes the cookies when it finds the session over.
 */
export function tokenCookieStorage(pageProtocol: string): CookieStorage {
  return new CookieStorage({ path: '/', sameSite: 'strict', secure: pageProtocol === 'https:' });
}

/**
 * Moves tokens an earlier build left in localStorage into the cookies, so an update neither signs
 * anyone out nor leaves their session behind in localStorage.
 */
export async function moveTokensFromLocalStorage(storage: Storage, cookies: CookieStorage): Promise<void> {
  const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter(
    (key): key is string => key?.startsWith(TOKEN_KEY_PREFIX) ?? false,
  );
  for (const key of keys) {
    const value = storage.getItem(key);
    if (value !== null) await cookies.setItem(key, value);
    storage.removeItem(key);
  }
}
