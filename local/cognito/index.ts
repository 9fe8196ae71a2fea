import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { closeServer, listen } from '../lib/listen';
import { createLocalServer } from '../lib/local-server';
import type { CredentialDirectory } from '../iam';
import type { LocalCredentials } from '../sigv4/verify';
import { loadPoolSettings } from './pool-settings';
import type { PoolSettings } from './pool-settings';
import { answerInternalError, createCognitoHandler } from './server';
import { PoolStore } from './store';
import { issuerOf } from './tokens';

export { loadPoolSettings } from './pool-settings';

export interface CognitoEmulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
  region: string;
  poolName?: string;
  autoConfirm?: boolean;
  /**
   * The root key pair, or the local IAM's directory of principals: IAM-authorized calls (Admin*)
   * must be signed by one whose policies allow them.
   */
  credentials: LocalCredentials | CredentialDirectory;
  /** Default: terraform/cognito.json, as Terraform reads it. */
  settings?: PoolSettings;
  log?: (line: string) => void;
  /** Epoch ms for code, challenge and refresh token expiry and sign-out; tests move it forward. Default Date.now. */
  now?: () => number;
}

export interface CognitoEmulator {
  endpoint: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  issuer: string;
  jwksUrl: string;
  jwks(): { keys: JWK[] };
  /** The last confirmation code "emailed" to a user, for dev tools and tests. */
  lastCode(username: string): string | undefined;
  /** The rules the pool enforces (terraform/cognito.json unless given). */
  settings: PoolSettings;
  close(): Promise<void>;
}

/** A Cognito user pool on one machine: sign-up, confirmation, sign-in and tokens like the real one. */
export async function startCognito(options: CognitoEmulatorOptions): Promise<CognitoEmulator> {
  const store = await PoolStore.open(options.dataDir, options.region, options.poolName ?? 'videopipe');
  const { userPoolId, userPoolClientId } = store.state;
  const jwks = () => ({ keys: [store.state.signingKey.publicJwk] });
  let endpoint = '';
  const settings = options.settings ?? loadPoolSettings();
  const handler = createCognitoHandler(
    {
      store,
      region: options.region,
      autoConfirm: options.autoConfirm ?? false,
      settings,
      log: options.log ?? (() => undefined),
      now: options.now ?? Date.now,
    },
    {
      userPoolId,
      jwks,
      openIdConfiguration: () => ({
        issuer: issuerOf(options.region, userPoolId),
        jwks_uri: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
        response_types_supported: ['code', 'token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    },
    options.credentials,
  );
  const server = createLocalServer(handler, { service: 'Cognito', log: options.log, answerInternalError });
  await listen(server, options.port, options.host ?? '127.0.0.1', 'Cognito');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    region: options.region,
    userPoolId,
    userPoolClientId,
    issuer: issuerOf(options.region, userPoolId),
    jwksUrl: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    jwks,
    lastCode: (username) => store.findUser(username)?.confirmationCode?.code,
    settings,
    close: () => closeServer(server),
  };
}
