import { useApolloClient } from '@apollo/client/react';
import { useAuthenticator } from '@aws-amplify/ui-react';
import { signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { markSessionExpired, onSessionExpired } from './session';

/**
 * Keeps the app's view of the session honest: the cache is cleared whenever the user changes, and
 * an API refusal of a signed-in user's token (refresh token expired, user removed) signs them out
 * and leads to the sign-in page, back to where they were afterwards.
 */
export function useSessionExpiry(): void {
  const client = useApolloClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { authStatus, user } = useAuthenticator((context) => [context.authStatus, context.user]);
  const userId = authStatus === 'authenticated' ? user?.userId : undefined;
  // 'configuring' is the first moment, before Amplify knows: no user change to react to yet.
  const previous = useRef<string | undefined | null>(null);
  const here = useRef(location.pathname);
  useEffect(() => {
    here.current = location.pathname + location.search;
  }, [location]);

  useEffect(() => {
    if (authStatus === 'configuring') return;
    const changed = previous.current !== null && previous.current !== userId;
    previous.current = userId;
    if (changed) void client.resetStore().catch(() => undefined);
  }, [client, authStatus, userId]);

  useEffect(() => {
    const endSession = () => {
      if (here.current.startsWith('/sign-in')) return;
      markSessionExpired();
      const from = here.current;
      void signOut().finally(() => {
        // A guarded page may have sent us to sign-in already, when the sign-out landed.
        if (!here.current.startsWith('/sign-in')) navigate(`/sign-in?next=${encodeURIComponent(from)}`);
      });
    };
    const stopApiWatch = onSessionExpired(() => {
      // Anonymous callers are refused too (a page of one's own); only a session can expire.
      if (authStatus === 'authenticated') endSession();
    });
    // Amplify could not refresh the tokens (the refresh token expired or was revoked).
    const stopHubWatch = Hub.listen('auth', ({ payload }) => {
      if (payload.event === 'tokenRefresh_failure') endSession();
    });
    return () => {
      stopApiWatch();
      stopHubWatch();
    };
  }, [authStatus, navigate]);
}
