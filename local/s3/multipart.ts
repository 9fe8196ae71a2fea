import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readBody } from '../appsync/http';
import { receiveBody } from './body';
import { S3Error } from './errors';
import type { ObjectMeta, ObjectStore } from './store';
import { allTexts, element, xmlDocument } from './xml';

/** S3's smallest part, except the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

interface UploadState {
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
}

interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
}

const noSuchUpload = (uploadId: string) => new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: uploadId });

function sendXml(res: ServerResponse, root: string, inner: string): void {
  const body = xmlDocument(root, inner);
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Multipart uploads: parts on disk under the data dir until completed or aborted. */
export class MultipartUploads {
  constructor(
    private readonly dir: string,
    private readonly store: ObjectStore,
    private readonly maxObjectBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  create(res: ServerResponse, bucket: string, key: string, contentType: string, metadata: Record<string, string>): void {
    const uploadId = randomUUID().replace(/-/g, '');
    mkdirSync(this.uploadDir(uploadId), { recursive: true });
    writeFileSync(path.join(this.uploadDir(uploadId), 'upload.json'), JSON.stringify({ bucket, key, contentType, metadata } satisfies UploadState));
    sendXml(res, 'InitiateMultipartUploadResult', element('Bucket', bucket) + element('Key', key) + element('UploadId', uploadId));
  }

  async uploadPart(req: IncomingMessage, res: ServerResponse, uploadId: string, partNumber: number): Promise<void> {
    this.state(uploadId);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400);
    }
    const file = path.join(this.uploadDir(uploadId), `part-${partNumber}`);
    const received = await receiveBody(req, `${file}.tmp`, this.maxObjectBytes);
    const declared = String(req.headers['x-amz-content-sha256'] ?? '');
    if (/^[0-9a-f]{64}$/.test(declared) && declared !== received.sha256) {
      rmSync(`${file}.tmp`, { force: true });
      throw new S3Error('XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.', 400);
    }
    renameSync(`${file}.tmp`, file);
    const record: PartRecord = { partNumber, etag: received.md5, size: received.size, lastModified: new Date().toISOString() };
    writeFileSync(`${file}.json`, JSON.stringify(record));
    res.writeHead(200, { etag: `"${record.etag}"`, 'content-length': 0 });
    res.end();
  }

  listParts(res: ServerResponse, uploadId: string): void {
    const state = this.state(uploadId);
    const parts = this.parts(uploadId);
    sendXml(
      res,
      'ListPartsResult',
      element('Bucket', state.bucket) +
        element('Key', state.key) +
        element('UploadId', uploadId) +
        element('IsTruncated', false) +
        parts.map((part) => `<Part>${element('PartNumber', part.partNumber)}${element('LastModified', part.lastModified)}${element('ETag', `"${part.etag}"`)}${element('Size', part.size)}</Part>`).join(''),
    );
  }

  async complete(req: IncomingMessage, res: ServerResponse, uploadId: string): Promise<ObjectMeta> {
    const state = this.state(uploadId);
    const xml = (await readBody(req, 4 * 1024 * 1024)).toString('utf8');
    const numbers = allTexts(xml, 'PartNumber').map(Number);
    const etags = allTexts(xml, 'ETag').map((etag) => etag.replace(/"/g, ''));
    if (numbers.length === 0) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.', 400);
    const stored = new Map(this.parts(uploadId).map((part) => [part.partNumber, part]));
    numbers.forEach((number, index) => {
      if (index > 0 && number <= numbers[index - 1]) throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', 400);
      const part = stored.get(number);
      if (!part || part.etag !== etags[index]) throw new S3Error('InvalidPart', 'One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part\'s entity tag.', 400);
      if (index < numbers.length - 1 && part.size < MIN_PART_BYTES) throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400);
    });
    const temp = this.store.tempFile();
    const out = createWriteStream(temp);
    const md5s = createHash('md5');
    let size = 0;
    for (const number of numbers) {
      const part = stored.get(number)!;
      md5s.update(Buffer.from(part.etag, 'hex'));
      size += part.size;
      await pipeline(createReadStream(path.join(this.uploadDir(uploadId), `part-${number}`)), out, { end: false });
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    // S3's multipart ETag: md5 of the parts' binary md5s, then "-<part count>".
    const meta = this.store.commit(state.bucket, state.key, temp, { size, etag: `${md5s.digest('hex')}-${numbers.length}`, contentType: state.contentType, metadata: state.metadata });
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
    sendXml(res, 'CompleteMultipartUploadResult', element('Location', `/${state.bucket}/${state.key}`) + element('Bucket', state.bucket) + element('Key', state.key) + element('ETag', `"${meta.etag}"`));
    return meta;
  }

  abort(res: ServerResponse, uploadId: string): void {
    this.state(uploadId);
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
    res.writeHead(204);
    res.end();
  }

  private state(uploadId: string): UploadState {
    const file = path.join(this.uploadDir(uploadId), 'upload.json');
    if (!/^[0-9a-f]{32}$/.test(uploadId) || !existsSync(file)) throw noSuchUpload(uploadId);
    return JSON.parse(readFileSync(file, 'utf8')) as UploadState;
  }

  private parts(uploadId: string): PartRecord[] {
    return readdirSync(this.uploadDir(uploadId))
      .filter((name) => /^part-\d+\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(path.join(this.uploadDir(uploadId), name), 'utf8')) as PartRecord)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  private uploadDir(uploadId: string): string {
    return path.join(this.dir, uploadId);
  }
}
