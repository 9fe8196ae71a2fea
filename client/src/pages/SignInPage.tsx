import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useAuthStatus } from '../auth/auth-status';
import { loadAmplify } from '../auth/load-amplify';
import { describePasswordPolicy } from '../auth/password-rules';
import { clearSessionExpired, sessionHasExpired } from '../auth/session';
import { useConfig } from '../config/config-context';
import type { PasswordPolicy } from '../../../common/password-policy';
// After Amplify UI's own styles, which it overrides.
import '../auth/sign-in-theme.css';

// preferred_username is the name shown beside a person's videos, with a tag their account fixes.
const FORM_FIELDS = {
  signUp: {
    email: { order: 1 },
    preferred_username: { order: 2, label: 'Display name', placeholder: 'Shown beside your videos', isRequired: true },
    password: { order: 3 },
    confirm_password: { order: 4 },
  },
};

/** The local user pool "emails" its codes to the dev server's log: the forms that ask for one say so. */
function CodeInServerLog({ code }: { code: 'confirmation code' | 'password reset code' }) {
  return (
    <p className="code-hint" role="note">
      Running locally, no email is sent: the {code} is in the log of the terminal running <code>npm start</code>, on the
      line &ldquo;cognito: {code} for &hellip;&rdquo;.
    </p>
  );
}

interface AuthenticatorComponentsOptions {
  policy: PasswordPolicy;
  codesInServerLog: boolean;
}

/**
 * The sign-up and new-password forms state the pool's rules before anyone types (from config.json);
 * the forms asking for an emailed code say where it is, locally.
 */
function authenticatorComponents({ policy, codesInServerLog }: AuthenticatorComponentsOptions) {
  const rules = (
    <p className="password-rules" id="password-rules">
      Password: {describePasswordPolicy(policy)}
    </p>
  );
  return {
    SignUp: {
      FormFields() {
        return (
          <>
            <Authenticator.SignUp.FormFields />
            {rules}
          </>
        );
      },
    },
    ConfirmSignUp: { Footer: () => (codesInServerLog ? <CodeInServerLog code="confirmation code" /> : null) },
    ConfirmResetPassword: {
      Footer: () => (
        <>
          {rules}
          {codesInServerLog && <CodeInServerLog code="password reset code" />}
        </>
      ),
    },
  };
}

/** Amplify is configured before the Authenticator first asks it anything. */
function useAmplifyLoaded(): 'loading' | 'loaded' | 'failed' {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  useEffect(() => {
    let mounted = true;
    loadAmplify().then(
      () => mounted && setState('loaded'),
      () => mounted && setState('failed'),
    );
    return () => {
      mounted = false;
    };
  }, []);
  return state;
}

function SignedIn({ target }: { target: string }) {
  useEffect(clearSessionExpired, []);
  return <Navigate to={target} replace />;
}

/** Amplify UI's Authenticator: sign in, sign up with the emailed code, reset a password. */
export function SignInPage() {
  const { passwordPolicy, codesInServerLog } = useConfig();
  const { authStatus } = useAuthStatus();
  const amplify = useAmplifyLoaded();
  const [params] = useSearchParams();
  const [expired] = useState(sessionHasExpired);
  const next = params.get('next');
  // Only paths of this app: never an address elsewhere handed in through the link.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/my-videos';
  // Someone already signed in goes on without the form showing first.
  if (authStatus === 'authenticated') return <SignedIn target={target} />;
  if (amplify === 'failed')
    return (
      <p className="notice notice-error" role="alert">
        Sign-in could not load. Check the connection and reload the page.
      </p>
    );
  if (authStatus === 'configuring' || amplify === 'loading') return <p role="status">Loading…</p>;
  return (
    <section className="sign-in" aria-label="Sign in or create an account">
      {expired && (
        <p className="notice" role="status">
          Your session has expired; sign in again.
        </p>
      )}
      <h1 className="visually-hidden">Sign in to videopipe</h1>
      <Authenticator
        components={authenticatorComponents({ policy: passwordPolicy, codesInServerLog: codesInServerLog === true })}
        loginMechanisms={['email']}
        signUpAttributes={['preferred_username']}
        formFields={FORM_FIELDS}
        initialState={params.get('mode') === 'sign-up' ? 'signUp' : 'signIn'}
      >
        {() => <SignedIn target={target} />}
      </Authenticator>
    </section>
  );
}
