import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ReadStream } from 'node:fs';
import path from 'node:path';

export interface ObjectMeta {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: string;
}

/**
 * Objects on disk, one data file and one metadata file per key, each moved into place with a
 * rename: a crash mid-upload never leaves a half object visible. An in-memory index per bucket
 * answers listings.
 */
export class ObjectStore {
  private readonly index = new Map<string, Map<string, ObjectMeta>>();

  constructor(
    private readonly dataDir: string,
    buckets: string[],
  ) {
    for (const bucket of buckets) {
      const dir = this.bucketDir(bucket);
      mkdirSync(dir, { recursive: true });
      const objects = new Map<string, ObjectMeta>();
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.meta.json')) continue;
        const meta = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ObjectMeta;
        objects.set(meta.key, meta);
      }
      this.index.set(bucket, objects);
    }
    mkdirSync(this.tempDir(), { recursive: true });
  }

  hasBucket(bucket: string): boolean {
    return this.index.has(bucket);
  }

  buckets(): string[] {
    return [...this.index.keys()];
  }

  /** A fresh temp file path for an incoming body; commit() moves it into place. */
  tempFile(): string {
    return path.join(this.tempDir(), randomUUID());
  }

  commit(bucket: string, key: string, tempFile: string, meta: Omit<ObjectMeta, 'key' | 'lastModified'>): ObjectMeta {
    const full: ObjectMeta = { ...meta, key, lastModified: new Date().toISOString() };
    const base = this.basePath(bucket, key);
    renameSync(tempFile, `${base}.data`);
    const metaTemp = `${tempFile}.meta`;
    writeFileSync(metaTemp, JSON.stringify(full));
    renameSync(metaTemp, `${base}.meta.json`);
    this.index.get(bucket)?.set(key, full);
    return full;
  }

  head(bucket: string, key: string): ObjectMeta | undefined {
    return this.index.get(bucket)?.get(key);
  }

  read(bucket: string, key: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(`${this.basePath(bucket, key)}.data`, range);
  }

  dataPath(bucket: string, key: string): string {
    return `${this.basePath(bucket, key)}.data`;
  }

  delete(bucket: string, key: string): boolean {
    const existed = this.index.get(bucket)?.delete(key) ?? false;
    const base = this.basePath(bucket, key);
    rmSync(`${base}.meta.json`, { force: true });
    rmSync(`${base}.data`, { force: true });
    return existed;
  }

  /** Keys of a bucket in S3's order (UTF-8 binary order, which for these keys is code-unit order). */
  list(bucket: string): ObjectMeta[] {
    return [...(this.index.get(bucket)?.values() ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  removeTemp(file: string): void {
    if (existsSync(file)) rmSync(file, { force: true });
  }

  private bucketDir(bucket: string): string {
    return path.join(this.dataDir, 'buckets', bucket);
  }

  private tempDir(): string {
    return path.join(this.dataDir, 'incoming');
  }

  private basePath(bucket: string, key: string): string {
    return path.join(this.bucketDir(bucket), createHash('sha256').update(key).digest('hex'));
  }
}
