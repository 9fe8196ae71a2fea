import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DAY_MS, expireObjects } from '../../../../local/s3/lifecycle';
import { ObjectStore } from '../../../../local/s3/store';

describe('S3 lifecycle expiration', () => {
  let dir: string;
  let store: ObjectStore;

  async function put(key: string): Promise<void> {
    const temp = store.tempFile();
    writeFileSync(temp, 'x');
    await store.commit('raw', key, temp, { size: 1, etag: 'e', contentType: 'video/mp4', headers: {}, metadata: {} });
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-lifecycle-'));
    store = new ObjectStore(dir, ['raw', 'playback']);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("objects older than the rule's days under its prefix are deleted; younger ones and other buckets stay", async () => {
    await put('01OLD');
    await put('keep/01OLD');
    const rules = new Map([
      ['raw', [{ id: 'uploads', prefix: '', expirationDays: 1 }]],
      ['playback', []],
    ]);
    expect(expireObjects({ store, rules, now: () => Date.now() + DAY_MS / 2 })).toEqual([]);
    const expired = expireObjects({ store, rules, now: () => Date.now() + DAY_MS + 1000 });
    expect(expired.map((item) => item.key).sort()).toEqual(['01OLD', 'keep/01OLD']);
    expect(store.head('raw', '01OLD')).toBeUndefined();
  });

  test('a prefix limits the rule', async () => {
    await put('a/1');
    await put('b/1');
    const expired = expireObjects({
      store,
      rules: new Map([['raw', [{ id: 'only-a', prefix: 'a/', expirationDays: 1 }]]]),
      now: () => Date.now() + 2 * DAY_MS,
    });
    expect(expired.map((item) => item.key)).toEqual(['a/1']);
    expect(store.head('raw', 'b/1')).toBeDefined();
  });
});
