import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAuthStatus } from './auth-status';
import { loadAmplify } from './load-amplify';
import { markSessionExpired, onSessionExpired, takeSignOutRequest } from './session';

/**
 * Keeps the app's view of the session honest. The cache is cleared whenever the user changes. A
 * session that ends without the person signing out has expired, however Amplify or the API found
 * out (refresh token expired or revoked, user removed): the sign-in page says so, and leads back to
 * where they were.
 */
export function useSessionExpiry(): void {
  const client = useApolloClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { authStatus, user } = useAuthStatus();
  const userId = authStatus === 'authenticated' ? user?.userId : undefined;
  // 'configuring' is the first moment, before Amplify knows: no user change to react to yet.
  const previousUser = useRef<string | undefined | null>(null);
  const previousStatus = useRef(authStatus);
  const here = useRef(location.pathname);
  useEffect(() => {
    here.current = location.pathname + location.search;
  }, [location]);

  useEffect(() => {
    if (authStatus === 'configuring') return;
    const changed = previousUser.current !== null && previousUser.current !== userId;
    previousUser.current = userId;
    if (changed) void client.resetStore().catch(() => undefined);
  }, [client, authStatus, userId]);

  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = authStatus;
    if (was !== 'authenticated' || authStatus !== 'unauthenticated' || takeSignOutRequest()) return;
    markSessionExpired();
    // A guarded page may already be on its way to sign-in; any other page is sent there (nothing
    // waits for the navigation to settle).
    if (!here.current.startsWith('/sign-in')) void navigate(`/sign-in?next=${encodeURIComponent(here.current)}`);
  }, [authStatus, navigate]);

  useEffect(() => {
    // The API refused a signed-in user's token: end the session (the effect above then leads to
    // sign-in). Amplify's own refresh failures end it where its events are followed (auth-status.tsx).
    const stopApiWatch = onSessionExpired(() => {
      if (authStatus === 'authenticated') void loadAmplify().then(({ signOut }) => signOut());
    });
    return () => {
      stopApiWatch();
    };
  }, [authStatus]);
}
