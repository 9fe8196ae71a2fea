import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { receiveBody } from './body';
import { checksumHeaderName } from './checksums';
import type { Checksum } from './checksums';
import { objectUrl, readXmlBody, sendXml } from './context';
import type { S3Context } from './context';
import { entityTooLarge, invalidArgument, malformedXml, noSuchUpload, S3Error } from './errors';
import { bucketEncryption, checkKey, checkWrite, eventSource, storedHeaders, userMetadata } from './objects';
import { encryptionHeaders } from './server-side-encryption';
import type { ObjectEncryption } from './server-side-encryption';
import { writeDurably } from '../lib/durable-file';
import { openWriteStream } from './store';
import type { ObjectMeta } from './store';
import { childrenNamed, childText, element } from './xml';

/** S3's smallest part, except the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_BYTES = 5 * 1024 ** 3;
const MAX_PARTS = 10000;

interface UploadState {
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

interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
  checksum?: Checksum;
  dataFile: string;
}

/**
 * Multipart uploads, on disk under the data dir so they survive a restart: one folder per upload
 * with its parts, each part's record written after its data, completed into the object store
 * with S3's ETag (the MD5 of the parts' binary MD5s, then "-<count>").
 */
export class MultipartUploads {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  create(ctx: S3Context): void {
    checkKey(ctx.key);
    const encryption = checkWrite(ctx, ctx.headers);
    const { contentType, headers, storageClass } = storedHeaders(ctx.headers);
    const state: UploadState = {
      bucket: ctx.bucket,
      key: ctx.key,
      contentType,
      headers,
      metadata: userMetadata(ctx.headers),
      storageClass,
      initiated: new Date().toISOString(),
      encryption,
    };
    const uploadId = randomBytes(24).toString('base64url');
    mkdirSync(this.uploadDir(uploadId), { recursive: true });
    writeDurably(path.join(this.uploadDir(uploadId), 'upload.json'), JSON.stringify(state));
    sendXml(
      ctx.res,
      'InitiateMultipartUploadResult',
      element('Bucket', ctx.bucket) + element('Key', ctx.key) + element('UploadId', uploadId),
      200,
      encryptionHeaders(encryption),
    );
  }

  async uploadPart(ctx: S3Context, uploadId: string): Promise<void> {
    const state = this.state(ctx, uploadId);
    const partText = ctx.query.get('partNumber') ?? '';
    const partNumber = Number(partText);
    if (!/^\d+$/.test(partText) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partText);
    }
    const dataFile = `part-${partNumber}.${randomUUID()}.data`;
    const target = path.join(this.uploadDir(uploadId), dataFile);
    try {
      ctx.continueBody();
      const received = await receiveBody(ctx.req, target, {
        maxBytes: Math.min(MAX_PART_BYTES, ctx.services.maxObjectBytes),
        payload: ctx.auth?.payload,
        chunkSigner: ctx.auth?.chunkSigner,
        headers: ctx.headers,
      });
      // Aborted meanwhile: the part has nowhere to go.
      if (!existsSync(path.join(this.uploadDir(uploadId), 'upload.json'))) throw noSuchUpload(uploadId);
      const record: PartRecord = {
        partNumber,
        etag: received.md5,
        size: received.size,
        lastModified: new Date().toISOString(),
        checksum: received.checksum,
        dataFile,
      };
      const recordFile = path.join(this.uploadDir(uploadId), `part-${partNumber}.json`);
      const previous = this.readPart(recordFile);
      writeDurably(recordFile, JSON.stringify(record));
      if (previous && previous.dataFile !== dataFile)
        rmSync(path.join(this.uploadDir(uploadId), previous.dataFile), { force: true });
      const headers: Record<string, string> = {
        etag: `"${record.etag}"`,
        'content-length': '0',
        ...encryptionHeaders(state.encryption ?? bucketEncryption(ctx)),
      };
      if (record.checksum) headers[checksumHeaderName(record.checksum.algorithm)] = record.checksum.value;
      ctx.res.writeHead(200, headers);
      ctx.res.end();
    } catch (error) {
      rmSync(target, { force: true });
      throw error;
    }
  }

  listParts(ctx: S3Context, uploadId: string): void {
    const state = this.state(ctx, uploadId);
    const maxParts = Math.min(1000, Number(ctx.query.get('max-parts') ?? 1000));
    const marker = Number(ctx.query.get('part-number-marker') ?? 0);
    const all = this.parts(uploadId).filter((part) => part.partNumber > marker);
    const page = all.slice(0, maxParts);
    const truncated = all.length > page.length;
    const owner = `${element('ID', 'local')}${element('DisplayName', 'local')}`;
    sendXml(
      ctx.res,
      'ListPartsResult',
      element('Bucket', state.bucket) +
        element('Key', state.key) +
        element('UploadId', uploadId) +
        element('PartNumberMarker', marker) +
        (page.length > 0 ? element('NextPartNumberMarker', page[page.length - 1].partNumber) : '') +
        element('MaxParts', maxParts) +
        element('IsTruncated', truncated) +
        page
          .map(
            (part) =>
              `<Part>${element('PartNumber', part.partNumber)}${element('LastModified', part.lastModified)}${element('ETag', `"${part.etag}"`)}${element('Size', part.size)}${
                part.checksum ? element(`Checksum${part.checksum.algorithm}`, part.checksum.value) : ''
              }</Part>`,
          )
          .join('') +
        `<Initiator>${owner}</Initiator><Owner>${owner}</Owner>` +
        element('StorageClass', state.storageClass ?? 'STANDARD'),
    );
  }

  listUploads(ctx: S3Context): void {
    const prefix = ctx.query.get('prefix') ?? '';
    const uploads = readdirSync(this.dir)
      .map((uploadId) => ({ uploadId, state: this.readState(uploadId) }))
      .filter(
        (upload): upload is { uploadId: string; state: UploadState } =>
          upload.state?.bucket === ctx.bucket && upload.state.key.startsWith(prefix),
      )
      .sort((a, b) =>
        a.state.key < b.state.key ? -1 : a.state.key > b.state.key ? 1 : a.state.initiated < b.state.initiated ? -1 : 1,
      );
    sendXml(
      ctx.res,
      'ListMultipartUploadsResult',
      element('Bucket', ctx.bucket) +
        element('KeyMarker', '') +
        element('UploadIdMarker', '') +
        element('Prefix', prefix) +
        element('MaxUploads', 1000) +
        element('IsTruncated', false) +
        uploads
          .map(
            ({ uploadId, state }) =>
              `<Upload>${element('Key', state.key)}${element('UploadId', uploadId)}${element('Initiated', state.initiated)}${element('StorageClass', state.storageClass ?? 'STANDARD')}</Upload>`,
          )
          .join(''),
    );
  }

  /** Checks the part list as S3 does, joins the parts into the object, and answers with its ETag. */
  async complete(ctx: S3Context, uploadId: string): Promise<void> {
    const state = this.state(ctx, uploadId);
    const { element: document } = await readXmlBody(ctx, 4 * 1024 * 1024);
    if (document.name !== 'CompleteMultipartUpload') throw malformedXml();
    const requested = childrenNamed(document, 'Part').map((part) => ({
      partNumber: Number(childText(part, 'PartNumber')),
      etag: (childText(part, 'ETag') ?? '').trim().replace(/"/g, ''),
    }));
    if (requested.length === 0 || requested.some((part) => !Number.isInteger(part.partNumber))) throw malformedXml();
    const stored = new Map(this.parts(uploadId).map((part) => [part.partNumber, part]));
    const chosen: PartRecord[] = [];
    requested.forEach((part, index) => {
      if (index > 0 && part.partNumber <= requested[index - 1].partNumber) {
        throw new S3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
          400,
          { UploadId: uploadId },
        );
      }
      const record = stored.get(part.partNumber);
      if (!record || record.etag !== part.etag) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          400,
          { UploadId: uploadId, PartNumber: String(part.partNumber), ETag: part.etag },
        );
      }
      chosen.push(record);
    });
    chosen.forEach((part, index) => {
      if (index < chosen.length - 1 && part.size < MIN_PART_BYTES) {
        throw new S3Error(
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.',
          400,
          {
            ProposedSize: String(part.size),
            MinSizeAllowed: String(MIN_PART_BYTES),
            PartNumber: String(part.partNumber),
            ETag: part.etag,
          },
        );
      }
    });
    const size = chosen.reduce((sum, part) => sum + part.size, 0);
    if (size > ctx.services.maxObjectBytes) throw entityTooLarge(size, ctx.services.maxObjectBytes);
    const { store, notifier } = ctx.services;
    const encryption = state.encryption ?? bucketEncryption(ctx);
    const temp = store.tempFile();
    let meta: ObjectMeta;
    try {
      const out = openWriteStream(temp);
      for (const part of chosen) {
        await pipeline(
          createReadStream(path.join(this.uploadDir(uploadId), part.dataFile), { highWaterMark: 1024 * 1024 }),
          out,
          { end: false },
        );
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      const md5s = createHash('md5');
      for (const part of chosen) md5s.update(Buffer.from(part.etag, 'hex'));
      meta = await store.commit(state.bucket, state.key, temp, {
        size,
        etag: `${md5s.digest('hex')}-${chosen.length}`,
        contentType: state.contentType,
        headers: state.headers,
        metadata: state.metadata,
        storageClass: state.storageClass,
        encryption,
      });
    } finally {
      store.removeTemp(temp);
    }
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
    await notifier.emit(state.bucket, 'ObjectCreated:CompleteMultipartUpload', meta, eventSource(ctx));
    sendXml(
      ctx.res,
      'CompleteMultipartUploadResult',
      element('Location', objectUrl(ctx, state.key)) +
        element('Bucket', state.bucket) +
        element('Key', state.key) +
        element('ETag', `"${meta.etag}"`),
      200,
      encryptionHeaders(encryption),
    );
  }

  abort(ctx: S3Context, uploadId: string): void {
    this.state(ctx, uploadId);
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
    ctx.res.writeHead(204);
    ctx.res.end();
  }

  /** The upload, which must exist and be for this request's bucket and key. */
  private state(ctx: S3Context, uploadId: string): UploadState {
    const state = this.readState(uploadId);
    if (!state || state.bucket !== ctx.bucket || state.key !== ctx.key) throw noSuchUpload(uploadId);
    return state;
  }

  private readState(uploadId: string): UploadState | undefined {
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

  private readPart(file: string): PartRecord | undefined {
    try {
      const part = JSON.parse(readFileSync(file, 'utf8')) as PartRecord;
      // The first local S3 kept a part's data beside its record as `part-<n>`.
      return { ...part, dataFile: part.dataFile ?? `part-${part.partNumber}` };
    } catch {
      return undefined;
    }
  }

  private parts(uploadId: string): PartRecord[] {
    const dir = this.uploadDir(uploadId);
    return readdirSync(dir)
      .filter((name) => /^part-\d+\.json$/.test(name))
      .map((name) => this.readPart(path.join(dir, name)))
      .filter((part): part is PartRecord => part !== undefined)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  private uploadDir(uploadId: string): string {
    return path.join(this.dir, uploadId);
  }
}
