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
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

export function loadOrCreateSettings(dataDir: string): LocalSettings {
  const file = path.join(dataDir, 'settings.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSettings;
  const settings: LocalSettings = {
    region: 'us-east-1',
    accountId: '000000000000',
    // Shaped like real keys so SDK validation and log scrubbers treat them as such.
    accessKeyId: `AKIA${randomString(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    apiKey: `da2-${randomString(26, ALPHANUMERIC)}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  return settings;
}
