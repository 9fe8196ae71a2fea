import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateSettings } from '../../../../local/lib/local-settings';

// The secrets of a data dir: made at its first start, the same at every later one, its own.

describe('the nextToken key of a data dir', () => {
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-settings-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('is 32 random bytes made at the first start, kept for the next, and differs between data dirs', () => {
    const dataDir = newDataDir();
    const first = loadOrCreateSettings(dataDir);
    expect(Buffer.from(first.nextTokenKey, 'base64')).toHaveLength(32);
    expect(loadOrCreateSettings(dataDir).nextTokenKey).toBe(first.nextTokenKey);
    expect(loadOrCreateSettings(newDataDir()).nextTokenKey).not.toBe(first.nextTokenKey);
  });

  test('is added to the settings of a data dir made before it existed, and kept', () => {
    const dataDir = newDataDir();
    const { nextTokenKey: _dropped, ...older } = loadOrCreateSettings(dataDir);
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(older));
    const upgraded = loadOrCreateSettings(dataDir);
    expect(Buffer.from(upgraded.nextTokenKey, 'base64')).toHaveLength(32);
    expect(upgraded).toMatchObject(older);
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { nextTokenKey: string };
    expect(stored.nextTokenKey).toBe(upgraded.nextTokenKey);
  });
});
