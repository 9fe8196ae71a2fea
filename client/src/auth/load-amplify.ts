import type { ClientConfig } from '../../../common/client-config';
import type * as AmplifyAuthModule from './amplify-auth';
import { hasStoredSession } from './stored-session';

export type AmplifyAuth = typeof AmplifyAuthModule;

let config: ClientConfig | undefined;
let loading: Promise<AmplifyAuth> | undefined;
let announceLoaded: (auth: AmplifyAuth) => void = () => undefined;
const loaded = new Promise<AmplifyAuth>((resolve) => {
  announceLoaded = resolve;
});

/** Whether Amplify has a session stored for the app (without loading Amplify to find out). */
export function sessionMayExist(): boolean {
  return config !== undefined && hasStoredSession(config.userPoolClientId, document.cookie, window.localStorage);
}

/** Call once at start-up: Amplify starts loading at once when a session is stored, else on first need. */
export function prepareAmplify(clientConfig: ClientConfig): void {
  config = clientConfig;
  if (sessionMayExist()) void loadAmplify().catch(() => undefined);
}

/** Amplify Auth, configured; fetched on the first call (a failed fetch is tried again on the next). */
export function loadAmplify(): Promise<AmplifyAuth> {
  const clientConfig = config;
  if (!clientConfig) return Promise.reject(new Error('loadAmplify needs prepareAmplify(config) first.'));
  loading ??= import('./amplify-auth').then(
    async (auth) => {
      await auth.configureAmplify(clientConfig);
      announceLoaded(auth);
      return auth;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Resolves once Amplify has loaded, whoever asked for it: for listening to its auth events. */
export function whenAmplifyLoads(): Promise<AmplifyAuth> {
  return loaded;
}
