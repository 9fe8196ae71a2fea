import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { closeServer, listen } from '../listen';
import { createCognitoHandler } from './server';
import { PoolStore } from './store';
import { issuerOf } from './tokens';

export interface CognitoEmulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
  region: string;
  poolName?: string;
  autoConfirm?: boolean;
  log?: (line: string) => void;
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
  close(): Promise<void>;
}

/** A Cognito user pool on one machine: sign-up, confirmation, sign-in and tokens like the real one. */
export async function startCognito(options: CognitoEmulatorOptions): Promise<CognitoEmulator> {
  const store = await PoolStore.open(options.dataDir, options.region, options.poolName ?? 'videopipe');
  const { userPoolId, userPoolClientId } = store.state;
  const jwks = () => ({ keys: [store.state.signingKey.publicJwk] });
  let endpoint = '';
  const handler = createCognitoHandler(
    { store, region: options.region, autoConfirm: options.autoConfirm ?? false, log: options.log ?? (() => undefined) },
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
  );
  const server = createServer((req, res) => void handler(req, res));
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
    close: () => closeServer(server),
  };
}
