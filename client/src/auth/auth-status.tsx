import type { AuthUser } from 'aws-amplify/auth';
import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { loadAmplify, sessionMayExist, whenAmplifyLoads } from './load-amplify';

/** 'configuring' until it is known, as Amplify UI's authStatus says it. */
export type AuthStatus = 'configuring' | 'authenticated' | 'unauthenticated';

export interface AuthState {
  authStatus: AuthStatus;
  /** The signed-in user (undefined otherwise). */
  user?: AuthUser;
}

const AuthStatusContext = createContext<AuthState | undefined>(undefined);

/**
 * Who is signed in, for the whole app. It stands in for Amplify UI's Authenticator.Provider, so that
 * the Authenticator (its forms, state machine and styles) loads with the sign-in page only, and
 * Amplify itself only when a session is stored: without one, the visitor is signed out at once.
 */
export function AuthStatusProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() => ({
    authStatus: sessionMayExist() ? 'configuring' : 'unauthenticated',
  }));
  useEffect(() => {
    let mounted = true;
    let stopListening: (() => void) | undefined;
    const set = (next: AuthState) => {
      if (mounted) setState(next);
    };
    if (sessionMayExist()) loadAmplify().catch(() => set({ authStatus: 'unauthenticated' }));
    // Whoever loads Amplify (above, or the sign-in page), its events are followed from then on.
    void whenAmplifyLoads().then(({ getCurrentUser, Hub, signOut }) => {
      if (!mounted) return;
      stopListening = Hub.listen('auth', ({ payload }) => {
        if (payload.event === 'signedIn') set({ authStatus: 'authenticated', user: payload.data });
        if (payload.event === 'signedOut') set({ authStatus: 'unauthenticated' });
        // Amplify could not refresh the tokens (refresh token expired or revoked, user removed):
        // the session is over (use-session-expiry.ts then says so).
        if (payload.event === 'tokenRefresh_failure') void signOut();
      });
      getCurrentUser().then(
        (user) => set({ authStatus: 'authenticated', user }),
        () => set({ authStatus: 'unauthenticated' }),
      );
    });
    return () => {
      mounted = false;
      stopListening?.();
    };
  }, []);
  return <AuthStatusContext.Provider value={state}>{children}</AuthStatusContext.Provider>;
}

export function useAuthStatus(): AuthState {
  const state = useContext(AuthStatusContext);
  if (!state) throw new Error('useAuthStatus needs an AuthStatusProvider above it.');
  return state;
}
