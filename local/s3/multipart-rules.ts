import { createHash } from 'node:crypto';
import { invalidArgument, malformedXml, S3Error } from './errors';
import type { PartRecord } from './multipart-store';
import { childrenNamed, childText } from './xml';
import type { XmlElement } from './xml';

// S3's rules for multipart uploads: part numbers and sizes, the part list a completion names, and
// the ETag of the object it makes.

/** S3's smallest part, except the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 ** 3;
const MAX_PARTS = 10000;

/** The partNumber query parameter of UploadPart. */
export function parsePartNumber(text = ''): number {
  const partNumber = Number(text);
  if (!/^\d+$/.test(text) || partNumber < 1 || partNumber > MAX_PARTS)
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  return partNumber;
}

/** The parts a CompleteMultipartUpload document names, as it names them. */
export function requestedParts(document: XmlElement): Array<{ partNumber: number; etag: string }> {
  if (document.name !== 'CompleteMultipartUpload') throw malformedXml();
  const requested = childrenNamed(document, 'Part').map((part) => ({
    partNumber: Number(childText(part, 'PartNumber')),
    etag: (childText(part, 'ETag') ?? '').trim().replace(/"/g, ''),
  }));
  if (requested.length === 0 || requested.some((part) => !Number.isInteger(part.partNumber))) throw malformedXml();
  return requested;
}

/**
 * The stored parts a completion joins, checked as S3 checks them: in ascending order, each one
 * uploaded with the ETag named, and every part but the last at least MIN_PART_BYTES.
 */
export function chooseParts(
  requested: Array<{ partNumber: number; etag: string }>,
  stored: PartRecord[],
  uploadId: string,
): PartRecord[] {
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const chosen = requested.map((part, index) => {
    const previous = requested[index - 1];
    if (previous && part.partNumber <= previous.partNumber) {
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        400,
        { UploadId: uploadId },
      );
    }
    const record = byNumber.get(part.partNumber);
    if (!record || record.etag !== part.etag) {
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        { UploadId: uploadId, PartNumber: String(part.partNumber), ETag: part.etag },
      );
    }
    return record;
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
  return chosen;
}

/** S3's multipart ETag: the MD5 of the parts' binary MD5s, then "-<count>". */
export function multipartEtag(parts: PartRecord[]): string {
  const md5s = createHash('md5');
  for (const part of parts) md5s.update(Buffer.from(part.etag, 'hex'));
  return `${md5s.digest('hex')}-${parts.length}`;
}
