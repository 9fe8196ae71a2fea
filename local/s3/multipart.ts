import { checksumHeaderName } from './checksums';
import { receiveBody } from './body';
import { encryptionContext, eventSource, objectUrl } from './context';
import type { S3Context } from './context';
import { entityTooLarge, noSuchUpload } from './errors';
import { chooseParts, MAX_PART_BYTES, multipartEtag, parsePartNumber, requestedParts } from './multipart-rules';
import type { PartRecord, UploadState } from './multipart-store';
import { bucketEncryption, checkKey, checkWrite, storedHeaders, userMetadata } from './object-rules';
import { encryptionHeaders } from './server-side-encryption';
import { readXmlBody, sendXml } from './xml-io';
import { syncFile } from '../lib/durable-file';
import { element } from './xml';

// The multipart upload operations: CreateMultipartUpload, UploadPart, ListParts,
// ListMultipartUploads, CompleteMultipartUpload and AbortMultipartUpload. The uploads themselves
// live in the MultipartStore; the rules they are held to in multipart-rules.ts.

/** The upload, which must exist and be for this request's bucket and key. */
function openUpload(ctx: S3Context, uploadId: string): UploadState {
  const state = ctx.services.multipart.get(uploadId);
  if (!state || state.bucket !== ctx.bucket || state.key !== ctx.key) throw noSuchUpload(uploadId);
  return state;
}

export function createMultipartUpload(ctx: S3Context): void {
  checkKey(ctx.key);
  const encryption = checkWrite(ctx.headers, encryptionContext(ctx));
  const { contentType, headers, storageClass } = storedHeaders(ctx.headers);
  const uploadId = ctx.services.multipart.create({
    bucket: ctx.bucket,
    key: ctx.key,
    contentType,
    headers,
    metadata: userMetadata(ctx.headers),
    storageClass,
    initiated: new Date().toISOString(),
    encryption,
  });
  sendXml(
    ctx.res,
    'InitiateMultipartUploadResult',
    element('Bucket', ctx.bucket) + element('Key', ctx.key) + element('UploadId', uploadId),
    200,
    encryptionHeaders(encryption),
  );
}

export async function uploadPart(ctx: S3Context, uploadId: string): Promise<void> {
  const { multipart } = ctx.services;
  const state = openUpload(ctx, uploadId);
  const partNumber = parsePartNumber(ctx.query.get('partNumber'));
  const { dataFile, file } = multipart.newPartData(uploadId, partNumber);
  try {
    ctx.continueBody();
    const received = await receiveBody(ctx.req, file, {
      maxBytes: Math.min(MAX_PART_BYTES, ctx.services.maxObjectBytes),
      payload: ctx.auth?.payload,
      chunkSigner: ctx.auth?.chunkSigner,
      headers: ctx.headers,
    });
    // Stored means durable, as for a PUT; and done here, part by part, while other parts stream in,
    // completion has nothing left to write.
    await syncFile(file);
    // Aborted meanwhile: the part has nowhere to go.
    if (!multipart.isOpen(uploadId)) throw noSuchUpload(uploadId);
    const record: PartRecord = {
      partNumber,
      etag: received.md5,
      size: received.size,
      lastModified: new Date().toISOString(),
      checksum: received.checksum,
      dataFile,
    };
    multipart.savePart(uploadId, record);
    const headers: Record<string, string> = {
      etag: `"${record.etag}"`,
      'content-length': '0',
      ...encryptionHeaders(state.encryption ?? bucketEncryption(encryptionContext(ctx))),
    };
    if (record.checksum) headers[checksumHeaderName(record.checksum.algorithm)] = record.checksum.value;
    ctx.res.writeHead(200, headers);
    ctx.res.end();
  } catch (error) {
    multipart.removePartData(file);
    throw error;
  }
}

export function listParts(ctx: S3Context, uploadId: string): void {
  const state = openUpload(ctx, uploadId);
  const maxParts = Math.min(1000, Number(ctx.query.get('max-parts') ?? 1000));
  const marker = Number(ctx.query.get('part-number-marker') ?? 0);
  const all = ctx.services.multipart.parts(uploadId).filter((part) => part.partNumber > marker);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  const lastOfPage = page.at(-1);
  const owner = `${element('ID', 'local')}${element('DisplayName', 'local')}`;
  sendXml(
    ctx.res,
    'ListPartsResult',
    element('Bucket', state.bucket) +
      element('Key', state.key) +
      element('UploadId', uploadId) +
      element('PartNumberMarker', marker) +
      (lastOfPage ? element('NextPartNumberMarker', lastOfPage.partNumber) : '') +
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

export function listMultipartUploads(ctx: S3Context): void {
  const prefix = ctx.query.get('prefix') ?? '';
  const uploads = ctx.services.multipart.list(ctx.bucket, prefix);
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
export async function completeMultipartUpload(ctx: S3Context, uploadId: string): Promise<void> {
  const { store, notifier, multipart, maxObjectBytes } = ctx.services;
  const state = openUpload(ctx, uploadId);
  const { element: document } = await readXmlBody(ctx, 4 * 1024 * 1024);
  const chosen = chooseParts(requestedParts(document), multipart.parts(uploadId), uploadId);
  const size = chosen.reduce((sum, part) => sum + part.size, 0);
  if (size > maxObjectBytes) throw entityTooLarge(size, maxObjectBytes);
  const encryption = state.encryption ?? bucketEncryption(encryptionContext(ctx));
  // The parts' files become the object's content as they are: no byte is copied.
  const meta = store.commitParts(
    state.bucket,
    state.key,
    chosen.map((part) => ({ file: multipart.partFile(uploadId, part), size: part.size })),
    {
      size,
      etag: multipartEtag(chosen),
      contentType: state.contentType,
      headers: state.headers,
      metadata: state.metadata,
      storageClass: state.storageClass,
      encryption,
    },
  );
  multipart.remove(uploadId);
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

export function abortMultipartUpload(ctx: S3Context, uploadId: string): void {
  openUpload(ctx, uploadId);
  ctx.services.multipart.remove(uploadId);
  ctx.res.writeHead(204);
  ctx.res.end();
}
