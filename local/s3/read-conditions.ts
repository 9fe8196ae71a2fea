import { S3Error } from './errors';
import type { ObjectMeta } from './store';

// Ranges and conditional requests (If-Match and friends, and their x-amz-copy-source- forms), as
// S3 reads them.

export const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
    Condition: condition,
  });

/** A Range header as S3 reads it: one range; anything it cannot parse is ignored (whole object). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Number(match[2]);
  if (match[2] !== '' && end < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end: Math.min(end, size - 1) };
}

function invalidRange(header: string, size: number): S3Error {
  return new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
    RangeRequested: header,
    ActualObjectSize: String(size),
  });
}

function etagMatches(list: string, etag: string): boolean {
  return list.split(',').some((candidate) => {
    const trimmed = candidate.trim().replace(/^W\//, '');
    return trimmed === '*' || trimmed.replace(/"/g, '') === etag;
  });
}

/** Conditional reads: 412 for If-Match / If-Unmodified-Since, 304 for If-None-Match / If-Modified-Since. */
export function evaluateConditions(
  headers: Record<string, string>,
  meta: ObjectMeta,
  prefix = '',
): 'ok' | 'not-modified' {
  const modified = Math.floor(Date.parse(meta.lastModified) / 1000) * 1000;
  const ifMatch = headers[`${prefix}if-match`];
  const ifUnmodified = headers[`${prefix}if-unmodified-since`];
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, meta.etag)) throw preconditionFailed(prefix ? 'x-amz-copy-source-If-Match' : 'If-Match');
  } else if (
    ifUnmodified !== undefined &&
    !Number.isNaN(Date.parse(ifUnmodified)) &&
    modified > Date.parse(ifUnmodified)
  ) {
    throw preconditionFailed(prefix ? 'x-amz-copy-source-If-Unmodified-Since' : 'If-Unmodified-Since');
  }
  const ifNoneMatch = headers[`${prefix}if-none-match`];
  const ifModified = headers[`${prefix}if-modified-since`];
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, meta.etag)) return 'not-modified';
  } else if (ifModified !== undefined && !Number.isNaN(Date.parse(ifModified)) && modified <= Date.parse(ifModified)) {
    return 'not-modified';
  }
  return 'ok';
}

/** A copy has no "not modified": S3 answers 412 for every copy condition that fails. */
export function evaluateCopyConditions(headers: Record<string, string>, source: ObjectMeta): void {
  if (evaluateConditions(headers, source, 'x-amz-copy-source-') === 'not-modified') {
    throw preconditionFailed(
      headers['x-amz-copy-source-if-none-match'] !== undefined
        ? 'x-amz-copy-source-If-None-Match'
        : 'x-amz-copy-source-If-Modified-Since',
    );
  }
}
