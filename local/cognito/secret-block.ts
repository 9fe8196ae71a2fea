import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ServerEphemeral } from './srp';

/** What the server must remember between InitiateAuth (USER_SRP_AUTH) and PASSWORD_VERIFIER. */
export interface SrpSession {
  /** The user's sub; absent for a user that does not exist (the challenge is then a decoy). */
  sub?: string;
  userIdForSrp: string;
  srpA: string;
  ephemeral: ServerEphemeral;
  /** Epoch ms after which the challenge may no longer be answered (the client's auth session validity). */
  expiresAt: number;
}

// Like Cognito's SECRET_BLOCK, the state travels with the client, sealed (AES-256-GCM) with a key
// only the pool has: nothing to store per sign-in, and a tampered block does not open.

export function sealSecretBlock(key: Buffer, session: SrpSession): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

export function openSecretBlock(key: Buffer, block: string): SrpSession | undefined {
  const bytes = Buffer.from(block, 'base64');
  if (bytes.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(
      Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'),
    ) as SrpSession;
  } catch {
    return undefined;
  }
}
