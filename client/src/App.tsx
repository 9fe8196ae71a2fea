import { lazy, Suspense } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { useAuthStatus } from './auth/auth-status';
import { RequireSignIn } from './auth/RequireSignIn';
import { signOutOnPurpose } from './auth/session';
import { useSessionExpiry } from './auth/use-session-expiry';
import { useVideoStatusUpdates } from './live/use-video-status-updates';
import { FeedPage } from './pages/FeedPage';
import { MyVideosPage } from './pages/MyVideosPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { UploadPage } from './pages/UploadPage';
import { WATCH_ROUTE } from './pages/watch-path';
import { WatchRoute } from './pages/WatchRoute';

// hls.js (WatchRoute) and the Authenticator's forms load only when their page is opened.
const SignInPage = lazy(() => import('./pages/SignInPage').then((module) => ({ default: module.SignInPage })));

function Header() {
  const { authStatus, user } = useAuthStatus();
  const signedIn = authStatus === 'authenticated';
  return (
    <header className="header">
      <NavLink to="/" className="brand" aria-label="videopipe home">
        <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="currentColor" />
          <path d="M12 9.5v13l10-6.5z" fill="var(--surface)" />
        </svg>
        <span>videopipe</span>
      </NavLink>
      <nav aria-label="Main">
        <NavLink to="/" end>
          Home
        </NavLink>
        <NavLink to="/upload">Upload</NavLink>
        <NavLink to="/my-videos">My videos</NavLink>
      </nav>
      <div className="account">
        {signedIn ? (
          <>
            <span className="account-name" title={user?.signInDetails?.loginId}>
              {user?.signInDetails?.loginId ?? 'Signed in'}
            </span>
            <button type="button" className="button button-small button-quiet" onClick={() => void signOutOnPurpose()}>
              Sign out
            </button>
          </>
        ) : (
          authStatus === 'unauthenticated' && (
            <NavLink to="/sign-in" className="button button-small">
              Sign in
            </NavLink>
          )
        )}
      </div>
    </header>
  );
}

export function App() {
  const { authStatus } = useAuthStatus();
  useSessionExpiry();
  useVideoStatusUpdates(authStatus === 'authenticated');
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" className="main">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes>
            <Route path="/" element={<FeedPage />} />
            <Route path={WATCH_ROUTE} element={<WatchRoute />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route
              path="/upload"
              element={
                <RequireSignIn>
                  <UploadPage />
                </RequireSignIn>
              }
            />
            <Route
              path="/my-videos"
              element={
                <RequireSignIn>
                  <MyVideosPage />
                </RequireSignIn>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </main>
      <footer className="footer">
        <p>videopipe · adaptive HLS from any upload</p>
      </footer>
    </>
  );
}
