import { loadAmplify, sessionMayExist } from './load-amplify';

/**
 * The signed-in user's ID token, refreshed by Amplify when it nears expiry; undefined when nobody is
 * signed in or the refresh token has expired too (the session is over). Without a stored session,
 * Amplify is not even loaded.
 */
export async function currentIdToken(): Promise<string | undefined> {
  if (!sessionMayExist()) return undefined;
  try {
    const { fetchAuthSession } = await loadAmplify();
    const session = await fetchAuthSession();
    return session.tokens?.idToken?.toString();
  } catch {
    return undefined;
  }
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** The API said the caller is not signed in while the app thought they were: time to sign in again. */
export function reportSessionExpired(): void {
  for (const listener of listeners) listener();
}

export function onSessionExpired(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const EXPIRED_KEY = 'videopipe.sessionExpired';

/**
 * Remembers, for the sign-in page, that the last session ended by expiring: whichever redirect gets
 * there first (ours or a guarded page's), the page can say why.
 */
export function markSessionExpired(): void {
  sessionStorage.setItem(EXPIRED_KEY, '1');
}

export function sessionHasExpired(): boolean {
  return sessionStorage.getItem(EXPIRED_KEY) === '1';
}

export function clearSessionExpired(): void {
  sessionStorage.removeItem(EXPIRED_KEY);
}

let signOutRequested = false;

/** The Sign out button's sign-out: the one way a session ends that is not an expiry. */
export async function signOutOnPurpose(): Promise<void> {
  signOutRequested = true;
  const { signOut } = await loadAmplify();
  await signOut();
}

/** Whether the session that just ended was ended by the person (and forget it). */
export function takeSignOutRequest(): boolean {
  const requested = signOutRequested;
  signOutRequested = false;
  return requested;
}
