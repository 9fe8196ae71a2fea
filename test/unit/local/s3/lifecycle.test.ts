import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { abortIncompleteUploads, DAY_MS, expireObjects } from '../../../../local/s3/lifecycle';
import { MultipartStore } from '../../../../local/s3/multipart-store';
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

  test('a rule without expirationDays expires nothing (an AbortIncompleteMultipartUpload-only rule)', async () => {
    await put('01OLD');
    const rules = new Map([['raw', [{ id: 'parts-only', prefix: '', abortIncompleteMultipartUploadDays: 1 }]]]);
    expect(expireObjects({ store, rules, now: () => Date.now() + 10 * DAY_MS })).toEqual([]);
    expect(store.head('raw', '01OLD')).toBeDefined();
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

describe('S3 lifecycle AbortIncompleteMultipartUpload', () => {
  let dir: string;
  let store: ObjectStore;
  let multipart: MultipartStore;

  function begin(bucket: string, key: string, initiated: number): string {
    return multipart.create({
      bucket,
      key,
      contentType: 'video/MP2T',
      headers: {},
      metadata: {},
      initiated: new Date(initiated).toISOString(),
    });
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-lifecycle-parts-'));
    store = new ObjectStore(dir, ['raw', 'playback']);
    multipart = new MultipartStore(path.join(dir, 'multipart'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("uploads begun more than the rule's days ago are aborted; younger ones, other buckets and completed objects stay", async () => {
    // Prepare
    const now = Date.now();
    const stale = begin('playback', 'v1/hls/index_720p_00001.ts', now - DAY_MS - 1000);
    const fresh = begin('playback', 'v2/hls/index_720p_00001.ts', now - DAY_MS / 2);
    const elsewhere = begin('raw', 'v3', now - 5 * DAY_MS);
    const temp = store.tempFile();
    writeFileSync(temp, 'x');
    await store.commit('playback', 'v1/hls/index.m3u8', temp, {
      size: 1,
      etag: 'e',
      contentType: 'application/vnd.apple.mpegurl',
      headers: {},
      metadata: {},
    });
    const rules = new Map([
      ['playback', [{ id: 'abort-incomplete-multipart-uploads', prefix: '', abortIncompleteMultipartUploadDays: 1 }]],
      ['raw', [{ id: 'expire-only', prefix: '', expirationDays: 1 }]],
    ]);

    // Act
    const aborted = abortIncompleteUploads({ multipart, rules, now: () => now });

    // Assess
    expect(aborted).toEqual([
      {
        bucket: 'playback',
        key: 'v1/hls/index_720p_00001.ts',
        uploadId: stale,
        rule: 'abort-incomplete-multipart-uploads',
      },
    ]);
    expect(multipart.isOpen(stale)).toBe(false);
    expect(multipart.isOpen(fresh)).toBe(true);
    expect(multipart.isOpen(elsewhere)).toBe(true);
    expect(store.head('playback', 'v1/hls/index.m3u8')).toBeDefined();
  });

  test('a prefix limits the rule', () => {
    const old = Date.now() - 2 * DAY_MS;
    const inside = begin('playback', 'a/1.ts', old);
    const outside = begin('playback', 'b/1.ts', old);
    const rules = new Map([['playback', [{ id: 'only-a', prefix: 'a/', abortIncompleteMultipartUploadDays: 1 }]]]);
    expect(abortIncompleteUploads({ multipart, rules }).map((upload) => upload.uploadId)).toEqual([inside]);
    expect(multipart.isOpen(outside)).toBe(true);
  });
});
