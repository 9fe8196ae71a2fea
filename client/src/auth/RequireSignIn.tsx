import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuthStatus } from './auth-status';

/** Pages of one's own: a visitor is sent to sign in and brought back afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { authStatus } = useAuthStatus();
  const location = useLocation();
  if (authStatus === 'configuring') return <p role="status">Loading…</p>;
  if (authStatus !== 'authenticated')
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}
