import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Checksum } from './checksums';
import type { ObjectEncryption } from './server-side-encryption';
import { writeDurably } from '../lib/durable-file';

/** A multipart upload, from CreateMultipartUpload on: what the object will be once completed. */
export interface UploadState {
  bucket: string;
  key: string;
  contentType: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  storageClass?: string;
  initiated: string;
  /** Chosen at the start, reported by every part and given to the object. */
  encryption?: ObjectEncryption;
}

export interface PartRecord {
  partNumber: number;
  /** The MD5 of the part's data, hex. */
  etag: string;
  size: number;
  lastModified: string;
  checksum?: Checksum;
  /** The data file in the upload's folder. */
  dataFile: string;
}

/**
 * Multipart uploads on disk under the data dir, so they survive a restart: one folder per upload
 * (`upload.json`), each part's data in its own file and its record (`part-<n>.json`) written
 * durably after the data, so a record always names whole data.
 */
export class MultipartStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Starts an upload; returns its id. */
  create(state: UploadState): string {
    const uploadId = randomBytes(24).toString('base64url');
    mkdirSync(this.uploadDir(uploadId), { recursive: true });
    writeDurably(path.join(this.uploadDir(uploadId), 'upload.json'), JSON.stringify(state));
    return uploadId;
  }

  /** The upload, or undefined for an id this store never issued or that was completed or aborted. */
  get(uploadId: string): UploadState | undefined {
    // Upload ids become folder names: only our own shape gets near the filesystem.
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(uploadId)) return undefined;
    try {
      const state = JSON.parse(
        readFileSync(path.join(this.uploadDir(uploadId), 'upload.json'), 'utf8'),
      ) as Partial<UploadState>;
      // Uploads begun by the first local S3 lack the fields added since.
      return {
        headers: {},
        metadata: {},
        contentType: 'binary/octet-stream',
        initiated: new Date(0).toISOString(),
        ...state,
      } as UploadState;
    } catch {
      return undefined;
    }
  }

  /** Whether the upload is still open (not completed or aborted meanwhile). */
  isOpen(uploadId: string): boolean {
    return existsSync(path.join(this.uploadDir(uploadId), 'upload.json'));
  }

  /** A bucket's open uploads whose keys start with `prefix`, by key, then by initiation. */
  list(bucket: string, prefix: string): Array<{ uploadId: string; state: UploadState }> {
    return readdirSync(this.dir)
      .map((uploadId) => ({ uploadId, state: this.get(uploadId) }))
      .filter(
        (upload): upload is { uploadId: string; state: UploadState } =>
          upload.state?.bucket === bucket && upload.state.key.startsWith(prefix),
      )
      .sort((a, b) =>
        a.state.key < b.state.key ? -1 : a.state.key > b.state.key ? 1 : a.state.initiated < b.state.initiated ? -1 : 1,
      );
  }

  /** A fresh file for a part's data: savePart() makes it the part, removePartData() drops it. */
  newPartData(uploadId: string, partNumber: number): { dataFile: string; file: string } {
    const dataFile = `part-${partNumber}.${randomUUID()}.data`;
    return { dataFile, file: path.join(this.uploadDir(uploadId), dataFile) };
  }

  removePartData(file: string): void {
    rmSync(file, { force: true });
  }

  /** Records a part whose data is whole in its file, replacing an earlier upload of the same number. */
  savePart(uploadId: string, record: PartRecord): void {
    const recordFile = path.join(this.uploadDir(uploadId), `part-${record.partNumber}.json`);
    const previous = this.readPart(recordFile);
    writeDurably(recordFile, JSON.stringify(record));
    if (previous && previous.dataFile !== record.dataFile)
      rmSync(path.join(this.uploadDir(uploadId), previous.dataFile), { force: true });
  }

  /** The upload's parts, by part number. */
  parts(uploadId: string): PartRecord[] {
    const dir = this.uploadDir(uploadId);
    return readdirSync(dir)
      .filter((name) => /^part-\d+\.json$/.test(name))
      .map((name) => this.readPart(path.join(dir, name)))
      .filter((part): part is PartRecord => part !== undefined)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Where a part's data is: completion makes these files the object's content. */
  partFile(uploadId: string, part: PartRecord): string {
    return path.join(this.uploadDir(uploadId), part.dataFile);
  }

  /** Forgets the upload and its parts (completed or aborted). */
  remove(uploadId: string): void {
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  private readPart(file: string): PartRecord | undefined {
    try {
      const part = JSON.parse(readFileSync(file, 'utf8')) as PartRecord;
      // The first local S3 kept a part's data beside its record as `part-<n>`.
      return { ...part, dataFile: part.dataFile ?? `part-${part.partNumber}` };
    } catch {
      return undefined;
    }
  }

  private uploadDir(uploadId: string): string {
    return path.join(this.dir, uploadId);
  }
}
