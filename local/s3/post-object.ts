import { createHash } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  CHECKSUM_ALGORITHMS,
  checksumHeaderName,
  createChecksum,
  isValidChecksumValue,
  parseChecksumAlgorithm,
} from './checksums';
import type { Checksum, StreamingChecksum } from './checksums';
import { encryptionContext, eventSource, objectUrl } from './context';
import type { S3Context } from './context';
import { entityTooLarge, S3Error } from './errors';
import { formBoundary, malformedPost, readMultipartForm } from './form-data';
import { checkKey, checkWrite, singlePartEtag, storedHeaders, userMetadata } from './object-rules';
import { authorizePostForm, checkPostSize, maxPostSize } from './post-policy';
import type { AuthorizedPost } from './post-policy';
import { encryptionHeaders } from './server-side-encryption';
import type { ObjectEncryption } from './server-side-encryption';
import { openWriteStream } from './store';
import type { ObjectMeta } from './store';
import { element, xmlDocument } from './xml';

interface IncomingFile {
  out: WriteStream;
  size: number;
  limit: number;
  md5: ReturnType<typeof createHash>;
  checksum?: { expected: Checksum; hasher: StreamingChecksum };
}

/** The flexible checksum a form asks for (x-amz-checksum-algorithm and x-amz-checksum-<algorithm>). */
function formChecksum(authorized: AuthorizedPost): Checksum | undefined {
  const value = (name: string) => authorized.values.get(name)?.value;
  const sent = CHECKSUM_ALGORITHMS.flatMap((algorithm) => {
    const name = checksumHeaderName(algorithm);
    const sentValue = value(name);
    return sentValue === undefined ? [] : [{ algorithm, name, value: sentValue }];
  });
  const [chosen] = sent;
  const declared = value('x-amz-checksum-algorithm');
  if (sent.length > 1)
    throw new S3Error(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
      400,
    );
  if (
    declared !== undefined &&
    (parseChecksumAlgorithm(declared) === undefined || chosen?.algorithm !== parseChecksumAlgorithm(declared))
  ) {
    throw new S3Error(
      'InvalidRequest',
      `x-amz-checksum-algorithm specified, but no corresponding x-amz-checksum-${declared.toLowerCase()} field was found.`,
      400,
    );
  }
  if (!chosen) return undefined;
  if (!isValidChecksumValue(chosen.algorithm, chosen.value))
    throw new S3Error('InvalidRequest', `Value for ${chosen.name} header is invalid.`, 400);
  return { algorithm: chosen.algorithm, value: chosen.value };
}

/**
 * A browser upload (POST Object): the form is read as it streams; the policy is verified as soon
 * as the file part begins, so a refused upload stores nothing; the file goes to a temp file and
 * becomes the object only once its size and digests pass.
 */
export async function postObject(ctx: S3Context): Promise<void> {
  const contentType = ctx.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: 'Bucket POST must be of the enclosure-type multipart/form-data',
    });
  }
  const boundary = formBoundary(contentType);
  if (!boundary) throw malformedPost();
  const { store, notifier, credentials, region, maxObjectBytes } = ctx.services;
  const check = { bucket: ctx.bucket, credentials, region };
  const temp = store.tempFile();
  // Set by the file callback: a holder, since flow analysis cannot see assignments in callbacks.
  const upload: { authorized?: AuthorizedPost; incoming?: IncomingFile; encryption?: ObjectEncryption } = {};
  let meta: ObjectMeta;
  try {
    ctx.continueBody();
    const form = await readMultipartForm(
      ctx.req.iterator({ destroyOnReturn: false }),
      boundary,
      async (fields, file) => {
        const authorized = authorizePostForm({ ...check, fields, filename: file.filename });
        upload.authorized = authorized;
        checkKey(authorized.key);
        // The form's acl and encryption fields, judged as a PUT's headers are (the policy covered them).
        upload.encryption = checkWrite(fieldValues(authorized), encryptionContext(ctx), 'acl');
        const expected = formChecksum(authorized);
        const current: IncomingFile = {
          out: openWriteStream(temp),
          size: 0,
          limit: maxPostSize(authorized.sizeRanges, maxObjectBytes),
          md5: createHash('md5'),
          checksum: expected ? { expected, hasher: createChecksum(expected.algorithm) } : undefined,
        };
        upload.incoming = current;
        return {
          write: async (chunk: Buffer) => {
            current.size += chunk.length;
            // Past the policy's maximum the rest is never stored.
            if (current.size > current.limit) throw entityTooLarge(current.size, current.limit);
            current.md5.update(chunk);
            current.checksum?.hasher.update(chunk);
            if (!current.out.write(chunk)) await once(current.out, 'drain');
          },
        };
      },
    );
    const { authorized, incoming, encryption } = upload;
    if (!form.file || !authorized || !incoming || !encryption) {
      // The fields are judged first, then the missing file, as S3 answers.
      authorizePostForm({ ...check, fields: form.fields, filename: undefined });
      throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', 400, {
        ArgumentName: 'file',
        ArgumentValue: '0',
      });
    }
    const file = incoming;
    await new Promise<void>((resolve, reject) =>
      file.out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    checkPostSize(authorized.sizeRanges, file.size);
    const md5 = file.md5.digest();
    const contentMd5 = authorized.values.get('content-md5')?.value;
    if (contentMd5 !== undefined && !md5.equals(Buffer.from(contentMd5, 'base64'))) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
        ExpectedDigest: contentMd5,
        CalculatedDigest: md5.toString('base64'),
      });
    }
    if (file.checksum && file.checksum.hasher.digest() !== file.checksum.expected.value) {
      throw new S3Error(
        'BadDigest',
        `The ${file.checksum.expected.algorithm} you specified did not match the calculated checksum.`,
        400,
      );
    }
    const fields = fieldValues(authorized);
    const stored = storedHeaders(fields);
    meta = await store.commit(ctx.bucket, authorized.key, temp, {
      size: file.size,
      etag: singlePartEtag(md5.toString('hex'), encryption),
      // A form sets the type with its Content-Type field; the file part's own type is not used.
      contentType: stored.contentType,
      headers: stored.headers,
      metadata: userMetadata(fields),
      storageClass: stored.storageClass,
      checksum: file.checksum ? { ...file.checksum.expected, type: 'FULL_OBJECT' } : undefined,
      encryption,
    });
  } finally {
    const out = upload.incoming?.out;
    // A refused upload abandons its temp file with writes still in flight; their late errors
    // (ERR_STREAM_DESTROYED) would otherwise be unhandled and stop the whole local cloud.
    out?.on('error', () => undefined);
    out?.destroy();
    store.removeTemp(temp);
  }
  // The uploader acts with the authority of whoever signed the policy.
  await notifier.emit(ctx.bucket, 'ObjectCreated:Post', meta, {
    ...eventSource(ctx),
    accessKeyId: upload.authorized!.principal.accessKeyId,
  });
  respond(ctx, upload.authorized!, meta);
}

/** The form's fields by lower-case name. */
function fieldValues(authorized: AuthorizedPost): Record<string, string> {
  return Object.fromEntries([...authorized.values].map(([name, field]) => [name, field.value]));
}

function respond(ctx: S3Context, authorized: AuthorizedPost, meta: ObjectMeta): void {
  const value = (name: string) => authorized.values.get(name)?.value;
  const location = objectUrl(ctx, meta.key);
  const etag = `"${meta.etag}"`;
  // S3 reports the new object's encryption whichever answer the form asked for.
  const encryption = meta.encryption ? encryptionHeaders(meta.encryption) : {};
  const redirect = value('success_action_redirect') ?? value('redirect');
  if (redirect !== undefined && /^https?:\/\/[^\s]+$/i.test(redirect)) {
    // S3 appends bucket, key and etag, form-encoded, to whatever query the URL already has.
    const query = new URLSearchParams({ bucket: ctx.bucket, key: meta.key, etag }).toString();
    ctx.res.writeHead(303, {
      location: `${redirect}${redirect.includes('?') ? '&' : '?'}${query}`,
      etag,
      'content-length': '0',
      ...encryption,
    });
    ctx.res.end();
    return;
  }
  const status = value('success_action_status');
  if (status === '201') {
    // S3's PostResponse carries no namespace, and its ETag's quotes stay as they are.
    const body = xmlDocument(
      'PostResponse',
      element('Location', location) + element('Bucket', ctx.bucket) + element('Key', meta.key) + `<ETag>${etag}</ETag>`,
      null,
    );
    ctx.res.writeHead(201, {
      etag,
      location,
      'content-type': 'application/xml',
      'content-length': String(Buffer.byteLength(body)),
      ...encryption,
    });
    ctx.res.end(body);
    return;
  }
  ctx.res.writeHead(status === '200' ? 200 : 204, { etag, location, ...encryption });
  ctx.res.end();
}
