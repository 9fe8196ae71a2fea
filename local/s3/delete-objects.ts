import { createHash } from 'node:crypto';
import { CHECKSUM_ALGORITHMS, checksumHeaderName, computeChecksum, isValidChecksumValue } from './checksums';
import { mayDeleteObject } from './authorization';
import { eventSource } from './context';
import type { S3Context } from './context';
import { malformedXml, S3Error } from './errors';
import { childrenNamed, childText, element } from './xml';
import { readXmlBody, sendXml } from './xml-io';

const MAX_KEYS = 1000;

/** DeleteObjects: up to 1,000 keys; Quiet answers only with errors. Missing keys count as deleted, as on S3. */
export async function deleteObjects(ctx: S3Context): Promise<void> {
  const { store, notifier } = ctx.services;
  // S3 wants the body's integrity proven: Content-MD5 or a flexible checksum (checked as the body is read).
  const hasDigest =
    ctx.headers['content-md5'] !== undefined ||
    Object.keys(ctx.headers).some((name) => name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-mode');
  if (!hasDigest) throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5', 400);
  const document = await readXmlBody(ctx, 2 * 1024 * 1024);
  verifyDigest(ctx, document.raw);
  if (document.element.name !== 'Delete') throw malformedXml();
  const objects = childrenNamed(document.element, 'Object');
  if (objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
  const quiet = childText(document.element, 'Quiet')?.trim() === 'true';
  const results: string[] = [];
  for (const object of objects) {
    const key = childText(object, 'Key');
    if (key === undefined) throw malformedXml();
    // IAM is asked key by key: a denied key is reported (even when Quiet) and the others go on.
    if (!mayDeleteObject(ctx, key)) {
      results.push(
        `<Error>${element('Key', key)}${element('Code', 'AccessDenied')}${element('Message', 'Access Denied')}</Error>`,
      );
      continue;
    }
    const meta = store.delete(ctx.bucket, key);
    if (meta) await notifier.emit(ctx.bucket, 'ObjectRemoved:Delete', meta, eventSource(ctx));
    if (!quiet) results.push(`<Deleted>${element('Key', key)}</Deleted>`);
  }
  sendXml(ctx.res, 'DeleteResult', results.join(''));
}

function verifyDigest(ctx: S3Context, body: Buffer): void {
  const contentMd5 = ctx.headers['content-md5'];
  if (contentMd5 !== undefined) {
    const computed = createHash('md5').update(body).digest('base64');
    if (computed !== contentMd5)
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
        ExpectedDigest: contentMd5,
        CalculatedDigest: computed,
      });
  }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = ctx.headers[checksumHeaderName(algorithm)];
    if (value === undefined) continue;
    if (!isValidChecksumValue(algorithm, value))
      throw new S3Error('InvalidRequest', `Value for ${checksumHeaderName(algorithm)} header is invalid.`, 400);
    if (computeChecksum(algorithm, body) !== value)
      throw new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
  }
}
