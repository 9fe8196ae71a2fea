import { createHash, randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Checksum } from './checksums';
import type { ObjectEncryption } from './server-side-encryption';
import { syncDirectory, writeDurably } from '../lib/durable-file';

export interface ObjectMeta {
  key: string;
  size: number;
  /** The MD5 of the content in hex, or S3's multipart form `<md5 of part md5s>-<parts>`. */
  etag: string;
  /** ISO 8601. */
  lastModified: string;
  contentType: string;
  /** The other headers S3 stores with an object and serves back (cache-control, content-disposition, ...). */
  headers: Record<string, string>;
  /** User metadata, names lower-cased and without the x-amz-meta- prefix. */
  metadata: Record<string, string>;
  checksum?: Checksum & { type: 'FULL_OBJECT' | 'COMPOSITE' };
  storageClass?: string;
  /** Absent on objects the local S3 stored before it kept this: they report the bucket's default. */
  encryption?: ObjectEncryption;
  /** The content file in the bucket's folder. */
  dataFile: string;
}

export type NewObject = Omit<ObjectMeta, 'key' | 'lastModified' | 'dataFile'>;

/** S3 lists keys in UTF-8 byte order; UTF-16 order differs only once surrogates are involved. */
export function compareKeys(a: string, b: string): number {
  if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b))
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}

interface BucketIndex {
  created: string;
  objects: Map<string, ObjectMeta>;
  /** Keys in S3's order, for listings that start anywhere without a sort. */
  sorted: string[];
}

/**
 * Objects on disk. Each object is a content file plus a JSON sidecar that names it; the sidecar
 * is written to a temp file, fsynced and renamed into place, and that rename is the commit: a
 * kill at any moment leaves either the old object or the new one, never half of one. Content
 * files no sidecar names (a crash between the two renames) are swept at start-up.
 */
export class ObjectStore {
  private readonly index = new Map<string, BucketIndex>();

  constructor(
    private readonly dataDir: string,
    buckets: string[],
  ) {
    rmSync(this.tempDir(), { recursive: true, force: true });
    mkdirSync(this.tempDir(), { recursive: true });
    for (const bucket of buckets) this.index.set(bucket, this.loadBucket(bucket));
  }

  hasBucket(bucket: string): boolean {
    return this.index.has(bucket);
  }

  buckets(): Array<{ name: string; created: string }> {
    return [...this.index.entries()]
      .map(([name, bucket]) => ({ name, created: bucket.created }))
      .sort((a, b) => compareKeys(a.name, b.name));
  }

  /** A fresh path for an incoming body; commit() moves it into place, removeTemp() drops it. */
  tempFile(): string {
    return path.join(this.tempDir(), randomUUID());
  }

  removeTemp(file: string): void {
    rmSync(file, { force: true });
  }

  /** Makes the content in `tempFile` the object `key`, durably, replacing any previous one. */
  async commit(bucket: string, key: string, tempFile: string, object: NewObject): Promise<ObjectMeta> {
    const index = this.bucketIndex(bucket);
    const handle = await open(tempFile, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // From here to the index update nothing awaits, so concurrent commits of one key serialize.
    const base = keyHash(key);
    const dataFile = `${base}.${randomUUID()}.data`;
    const meta: ObjectMeta = { ...object, key, lastModified: new Date().toISOString(), dataFile };
    renameSync(tempFile, path.join(this.bucketDir(bucket), dataFile));
    writeDurably(path.join(this.bucketDir(bucket), `${base}.json`), JSON.stringify(meta), `${tempFile}.json`);
    const previous = index.objects.get(key);
    if (!previous) index.sorted.splice(this.position(index.sorted, key), 0, key);
    index.objects.set(key, meta);
    if (previous) rmSync(path.join(this.bucketDir(bucket), previous.dataFile), { force: true });
    syncDirectory(this.bucketDir(bucket));
    return meta;
  }

  head(bucket: string, key: string): ObjectMeta | undefined {
    return this.index.get(bucket)?.objects.get(key);
  }

  /** Opens the object's content now, so a later overwrite or delete cannot pull it away mid-read. */
  openContent(bucket: string, meta: ObjectMeta): number | undefined {
    try {
      return openSync(path.join(this.bucketDir(bucket), meta.dataFile), 'r');
    } catch {
      return undefined;
    }
  }

  contentPath(bucket: string, meta: ObjectMeta): string {
    return path.join(this.bucketDir(bucket), meta.dataFile);
  }

  delete(bucket: string, key: string): ObjectMeta | undefined {
    const index = this.bucketIndex(bucket);
    const meta = index.objects.get(key);
    if (!meta) return undefined;
    rmSync(path.join(this.bucketDir(bucket), `${keyHash(key)}.json`), { force: true });
    index.objects.delete(key);
    index.sorted.splice(this.position(index.sorted, key), 1);
    rmSync(path.join(this.bucketDir(bucket), meta.dataFile), { force: true });
    return meta;
  }

  /** Objects in S3's key order, starting after `after` (exclusive) or at `from` (inclusive). */
  *list(bucket: string, start: { after?: string; from?: string } = {}): Generator<ObjectMeta> {
    const index = this.bucketIndex(bucket);
    let i = 0;
    if (start.after !== undefined) {
      i = this.position(index.sorted, start.after);
      if (index.sorted[i] === start.after) i += 1;
    }
    if (start.from !== undefined) i = Math.max(i, this.position(index.sorted, start.from));
    // A snapshot of the keys: commits while a listing is written do not shift it.
    const keys = index.sorted.slice(i);
    for (const key of keys) {
      const meta = index.objects.get(key);
      if (meta) yield meta;
    }
  }

  /** Where `key` is or would go in `sorted` (binary search). */
  private position(sorted: string[], key: string): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // lo <= mid < hi <= sorted.length: mid is an index of sorted.
      if (compareKeys(sorted[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private bucketIndex(bucket: string): BucketIndex {
    const index = this.index.get(bucket);
    if (!index) throw new Error(`No bucket ${bucket}`);
    return index;
  }

  private loadBucket(bucket: string): BucketIndex {
    const dir = this.bucketDir(bucket);
    mkdirSync(dir, { recursive: true });
    this.migrateLegacyBucket(bucket);
    const objects = new Map<string, ObjectMeta>();
    const files = readdirSync(dir);
    for (const file of files) {
      if (!file.endsWith('.json')) continue;
      try {
        const meta = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ObjectMeta;
        if (existsSync(path.join(dir, meta.dataFile))) objects.set(meta.key, meta);
      } catch {
        // A sidecar is only ever renamed into place whole; anything unreadable is not an object.
      }
    }
    const referenced = new Set([...objects.values()].map((meta) => meta.dataFile));
    for (const file of files) {
      if (file.endsWith('.data') && !referenced.has(file)) rmSync(path.join(dir, file), { force: true });
    }
    return { created: statSync(dir).birthtime.toISOString(), objects, sorted: [...objects.keys()].sort(compareKeys) };
  }

  /** The first local S3 kept `buckets/<bucket>/<hash>.data` + `.meta.json`: move those objects over. */
  private migrateLegacyBucket(bucket: string): void {
    const legacy = path.join(this.dataDir, 'buckets', bucket);
    if (!existsSync(legacy)) return;
    for (const file of readdirSync(legacy)) {
      if (!file.endsWith('.meta.json')) continue;
      const old = JSON.parse(readFileSync(path.join(legacy, file), 'utf8')) as {
        key: string;
        size: number;
        etag: string;
        contentType: string;
        metadata: Record<string, string>;
        lastModified: string;
      };
      const content = path.join(legacy, file.replace(/\.meta\.json$/, '.data'));
      if (!existsSync(content)) continue;
      const dataFile = `${keyHash(old.key)}.${randomUUID()}.data`;
      renameSync(content, path.join(this.bucketDir(bucket), dataFile));
      const meta: ObjectMeta = {
        key: old.key,
        size: old.size,
        etag: old.etag,
        contentType: old.contentType,
        metadata: old.metadata,
        lastModified: old.lastModified,
        headers: {},
        dataFile,
      };
      writeDurably(
        path.join(this.bucketDir(bucket), `${keyHash(old.key)}.json`),
        JSON.stringify(meta),
        path.join(this.tempDir(), `${randomUUID()}.json`),
      );
    }
    rmSync(legacy, { recursive: true, force: true });
    if (readdirSync(path.join(this.dataDir, 'buckets')).length === 0)
      rmSync(path.join(this.dataDir, 'buckets'), { recursive: true, force: true });
  }

  private bucketDir(bucket: string): string {
    return path.join(this.dataDir, 'objects', bucket);
  }

  private tempDir(): string {
    return path.join(this.dataDir, 'tmp');
  }
}

/**
 * A write stream whose file exists as soon as this returns (createWriteStream alone opens later,
 * so a temp file removed after a failure could be re-created by the late open).
 */
export function openWriteStream(file: string): WriteStream {
  return createWriteStream(file, { fd: openSync(file, 'w'), highWaterMark: 1024 * 1024 });
}

function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
