import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Secrets of one local installation: made once, kept under the data dir, never committed. */
export interface LocalSettings {
  region: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  apiKey: string;
  /** One access key pair per Lambda role (by function name): each Lambda signs with its own. */
  roles: Record<string, { accessKeyId: string; secretAccessKey: string }>;
  /** Base64 of the 32 bytes AppSync's nextTokens are tagged with (local/appsync/data-sources/next-token.ts). */
  nextTokenKey: string;
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Shaped like real keys (AKIA for a user's, ASIA for a role session's) so SDK validation and log scrubbers treat them as such. */
function newKeyPair(prefix: 'AKIA' | 'ASIA'): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: `${prefix}${randomString(16, BASE32)}`, secretAccessKey: randomBytes(30).toString('base64') };
}

function newNextTokenKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The data dir's settings, made on first use; a role named here, or a secret, that an older file
 * lacks is made now and kept.
 */
export function loadOrCreateSettings(dataDir: string, roleNames: string[] = []): LocalSettings {
  const file = path.join(dataDir, 'settings.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSettings>) : undefined;
  const settings: LocalSettings = existing
    ? { ...(existing as LocalSettings), roles: { ...existing.roles } }
    : {
        region: 'us-east-1',
        accountId: '000000000000',
        ...newKeyPair('AKIA'),
        apiKey: `da2-${randomString(26, ALPHANUMERIC)}`,
        roles: {},
        nextTokenKey: newNextTokenKey(),
      };
  const missing = roleNames.filter((name) => !settings.roles[name]);
  for (const name of missing) settings.roles[name] = newKeyPair('ASIA');
  // Data dirs made before the nextToken key existed get theirs now.
  const keyMissing = existing !== undefined && !existing.nextTokenKey;
  if (keyMissing) settings.nextTokenKey = newNextTokenKey();
  if (!existing || missing.length > 0 || !existing.roles || keyMissing) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  }
  return settings;
}
