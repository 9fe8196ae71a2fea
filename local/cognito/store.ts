import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';
import type { SrpVerifier } from './srp';

export interface EmailedCode {
  code: string;
  expiresAt: number;
}

export interface UserRecord {
  sub: string;
  username: string;
  /** The password as SRP keeps it (salt and verifier); both sign-in flows check it. */
  srp?: SrpVerifier;
  /** Older versions of the local pool kept a scrypt hash and no verifier: such a user must reset the password. */
  passwordHash?: string;
  attributes: Record<string, string>;
  status: 'UNCONFIRMED' | 'CONFIRMED';
  confirmationCode?: EmailedCode;
  passwordResetCode?: EmailedCode;
  createdAt: string;
  updatedAt: string;
}

export interface PoolState {
  userPoolId: string;
  userPoolClientId: string;
  poolName: string;
  signingKey: { kid: string; privateJwk: JWK; publicJwk: JWK };
  users: Record<string, UserRecord>;
  /** Refresh token -> sub; deleting one revokes it. Times in epoch seconds. */
  refreshTokens: Record<string, { sub: string; issuedAt: number; expiresAt?: number }>;
  /** GlobalSignOut time per sub: access tokens issued before it are refused. */
  signedOutAt: Record<string, number>;
  /** Seals SRP's SECRET_BLOCK (base64, 32 bytes); added to pools stored by older versions on open. */
  secretBlockKey: string;
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
    if (existsSync(file)) {
      const stored = new PoolStore(file, JSON.parse(readFileSync(file, 'utf8')) as PoolState);
      if (!stored.state.secretBlockKey) {
        stored.state.secretBlockKey = randomBytes(32).toString('base64');
        stored.save();
      }
      return stored;
    }
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const state: PoolState = {
      // Shaped like AWS's, so aws-jwt-verify's CognitoJwtVerifier accepts the pool id unchanged.
      userPoolId: `${region}_${randomString(9, ALNUM)}`,
      userPoolClientId: randomString(26, LOWER_ALNUM),
      poolName,
      signingKey: {
        kid,
        privateJwk: await exportJWK(privateKey),
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
      },
      users: {},
      refreshTokens: {},
      signedOutAt: {},
      secretBlockKey: randomBytes(32).toString('base64'),
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

  secretBlockKey(): Buffer {
    return Buffer.from(this.state.secretBlockKey, 'base64');
  }

  userBySub(sub: string): UserRecord | undefined {
    return this.state.users[sub] ?? Object.values(this.state.users).find((user) => user.sub === sub);
  }

  findUser(username: string): UserRecord | undefined {
    const wanted = username.toLowerCase();
    return Object.values(this.state.users).find(
      (user) =>
        user.username.toLowerCase() === wanted ||
        user.sub === username ||
        user.attributes.email?.toLowerCase() === wanted,
    );
  }
}
