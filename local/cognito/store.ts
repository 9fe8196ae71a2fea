import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';

export interface UserRecord {
  sub: string;
  username: string;
  passwordHash: string;
  attributes: Record<string, string>;
  status: 'UNCONFIRMED' | 'CONFIRMED';
  confirmationCode?: { code: string; expiresAt: number };
  createdAt: string;
  updatedAt: string;
}

export interface PoolState {
  userPoolId: string;
  userPoolClientId: string;
  poolName: string;
  signingKey: { kid: string; privateJwk: JWK; publicJwk: JWK };
  users: Record<string, UserRecord>;
  /** Refresh token -> sub; deleting one revokes it. */
  refreshTokens: Record<string, { sub: string; issuedAt: number }>;
  /** GlobalSignOut time per sub: access tokens issued before it are refused. */
  signedOutAt: Record<string, number>;
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number, alphabet: string): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** The pool's state in one JSON file, replaced atomically on every change. */
export class PoolStore {
  private constructor(
    private readonly file: string,
    readonly state: PoolState,
  ) {}

  static async open(dataDir: string, region: string, poolName: string): Promise<PoolStore> {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'user-pool.json');
    if (existsSync(file)) return new PoolStore(file, JSON.parse(readFileSync(file, 'utf8')) as PoolState);
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const state: PoolState = {
      // Shaped like AWS's, so aws-jwt-verify's CognitoJwtVerifier accepts the pool id unchanged.
      userPoolId: `${region}_${randomString(9, ALNUM)}`,
      userPoolClientId: randomString(26, LOWER_ALNUM),
      poolName,
      signingKey: { kid, privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } },
      users: {},
      refreshTokens: {},
      signedOutAt: {},
    };
    const store = new PoolStore(file, state);
    store.save();
    return store;
  }

  save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  signingKey() {
    return importJWK(this.state.signingKey.privateJwk, 'RS256');
  }

  findUser(username: string): UserRecord | undefined {
    const wanted = username.toLowerCase();
    return Object.values(this.state.users).find(
      (user) => user.username.toLowerCase() === wanted || user.sub === username || user.attributes.email?.toLowerCase() === wanted,
    );
  }
}
