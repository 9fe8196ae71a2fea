import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import type { Checksum } from './checksums';
import { OpenContent } from './object-content';
import type { ContentFile } from './object-content';
import type { ObjectEncryption } from './server-side-encryption';
import { syncDirectory, syncFile, writeDurably } from '../lib/durable-file';

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
  /** The content file in the bucket's folder (of a multipart object: its first part's). */
  dataFile: string;
  /**
   * A completed multipart upload's content: its parts' files in the bucket's folder, in order, as
   * they came (completion links them in rather than copying them into one file). Absent when the
   * content is dataFile alone.
   */
  segments?: Array<{ dataFile: string; size: number }>;
}

export type NewObject = Omit<ObjectMeta, 'key' | 'lastModified' | 'dataFile' | 'segments'>;

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
    this.bucketIndex(bucket);
    await syncFile(tempFile);
    // From here to the index update nothing awaits, so concurrent commits of one key serialize.
    const dataFile = `${keyHash(key)}.${randomUUID()}.data`;
    renameSync(tempFile, path.join(this.bucketDir(bucket), dataFile));
    return this.install(bucket, key, { ...object, dataFile });
  }

  /**
   * Makes the files of a multipart upload's parts, in order, the object `key`, durably, without
   * copying a byte: each is hard-linked into the bucket's folder (the upload keeps its own links
   * until it is removed, so a crash before the sidecar's rename leaves the upload whole). The files
   * must be synced already (UploadPart syncs each part as it stores it).
   */
  commitParts(bucket: string, key: string, parts: ContentFile[], object: NewObject): ObjectMeta {
    this.bucketIndex(bucket);
    const stem = `${keyHash(key)}.${randomUUID()}`;
    const segments = parts.map((part, index) => {
      const dataFile = `${stem}.${index + 1}.data`;
      linkOrCopy(part.file, path.join(this.bucketDir(bucket), dataFile));
      return { dataFile, size: part.size };
    });
    const [first] = segments;
    if (!first) throw new Error('an object needs at least one part');
    return this.install(bucket, key, { ...object, dataFile: first.dataFile, segments });
  }

  /** Commits content already in the bucket's folder: the sidecar's rename is the commit. */
  private install(bucket: string, key: string, object: Omit<ObjectMeta, 'key' | 'lastModified'>): ObjectMeta {
    const index = this.bucketIndex(bucket);
    const meta: ObjectMeta = { ...object, key, lastModified: new Date().toISOString() };
    writeDurably(path.join(this.bucketDir(bucket), `${keyHash(key)}.json`), JSON.stringify(meta), this.tempFile());
    const previous = index.objects.get(key);
    if (!previous) index.sorted.splice(this.position(index.sorted, key), 0, key);
    index.objects.set(key, meta);
    if (previous) this.removeContent(bucket, previous);
    syncDirectory(this.bucketDir(bucket));
    return meta;
  }

  head(bucket: string, key: string): ObjectMeta | undefined {
    return this.index.get(bucket)?.objects.get(key);
  }

  /** Opens the object's content now, so a later overwrite or delete cannot pull it away mid-read. */
  openContent(bucket: string, meta: ObjectMeta): OpenContent | undefined {
    return OpenContent.open(this.contentFiles(bucket, meta));
  }

  delete(bucket: string, key: string): ObjectMeta | undefined {
    const index = this.bucketIndex(bucket);
    const meta = index.objects.get(key);
    if (!meta) return undefined;
    rmSync(path.join(this.bucketDir(bucket), `${keyHash(key)}.json`), { force: true });
    index.objects.delete(key);
    index.sorted.splice(this.position(index.sorted, key), 1);
    this.removeContent(bucket, meta);
    return meta;
  }

  /** The files the object's content is in, in order. */
  private contentFiles(bucket: string, meta: ObjectMeta): ContentFile[] {
    return (meta.segments ?? [{ dataFile: meta.dataFile, size: meta.size }]).map((segment) => ({
      file: path.join(this.bucketDir(bucket), segment.dataFile),
      size: segment.size,
    }));
  }

  private removeContent(bucket: string, meta: ObjectMeta): void {
    for (const { file } of this.contentFiles(bucket, meta)) rmSync(file, { force: true });
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
        if (this.contentFiles(bucket, meta).every((content) => existsSync(content.file))) objects.set(meta.key, meta);
      } catch {
        // A sidecar is only ever renamed into place whole; anything unreadable is not an object.
      }
    }
    const referenced = new Set(
      [...objects.values()].flatMap((meta) =>
        this.contentFiles(bucket, meta).map((content) => path.basename(content.file)),
      ),
    );
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

/** A hard link where the filesystem has them (the data dir is one filesystem), a copy elsewhere. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
