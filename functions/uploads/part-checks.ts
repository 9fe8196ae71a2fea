import { partSizeOf } from '../../common/multipart-parts';
import type { SizedPartPlan } from '../../common/multipart-parts';
import { ValidationError } from '../lib/errors';
import type { ListedPart } from '../lib/adapters/raw-multipart-uploads';

// What the API holds a multipart upload's parts to, against the plan it chose at the start: the
// part URLs a client may ask for, and the parts S3 must hold before the upload is completed.

/** Part URLs signed in one call (createUploadPartUrls). */
export const MAX_PART_URLS_PER_CALL = 100;

/** "part 4", "parts 1, 3 and 7-12": part numbers as people read them. */
export function describePartNumbers(partNumbers: readonly number[]): string {
  const sorted = [...new Set(partNumbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end += 1;
    runs.push(end > start ? `${sorted[start]}-${sorted[end]}` : String(sorted[start]));
    start = end + 1;
  }
  const list = runs.length > 1 ? `${runs.slice(0, -1).join(', ')} and ${runs.at(-1)}` : (runs[0] ?? '');
  return `${sorted.length === 1 ? 'part' : 'parts'} ${list}`;
}

/** The part numbers of one createUploadPartUrls call: 1 to 100 of them, each 1..partCount, none twice. */
export function assertPartNumbers(partNumbers: readonly number[], partCount: number): void {
  if (partNumbers.length === 0) throw new ValidationError('Name at least one part to sign a URL for.');
  if (partNumbers.length > MAX_PART_URLS_PER_CALL) {
    throw new ValidationError(
      `At most ${MAX_PART_URLS_PER_CALL} part URLs are signed at once; ${partNumbers.length} were asked for.`,
    );
  }
  const outside = partNumbers.filter((n) => !Number.isInteger(n) || n < 1 || n > partCount);
  if (outside.length > 0) {
    throw new ValidationError(`This upload has parts 1 to ${partCount}; ${outside.join(', ')} is not one of them.`);
  }
  const repeated = partNumbers.filter((n, index) => partNumbers.indexOf(n) !== index);
  if (repeated.length > 0) throw new ValidationError(`Ask for each part once: ${describePartNumbers(repeated)} twice.`);
}

/**
 * The parts to complete the upload with, 1 to partCount in order, once S3 holds each of them at
 * exactly its planned size (so they add up to the declared size); otherwise a ValidationError that
 * names the missing parts and those of the wrong size. Parts past partCount, which no URL was
 * signed for, are left out (S3 discards the parts a completion does not name).
 */
export function partsToComplete(videoId: string, plan: SizedPartPlan, listed: readonly ListedPart[]): ListedPart[] {
  const byNumber = new Map(listed.map((part) => [part.partNumber, part]));
  const chosen: ListedPart[] = [];
  const missing: number[] = [];
  const wrongSize: string[] = [];
  for (let partNumber = 1; partNumber <= plan.partCount; partNumber += 1) {
    const part = byNumber.get(partNumber);
    const expected = partSizeOf(plan, partNumber);
    if (!part) missing.push(partNumber);
    else if (part.size !== expected) wrongSize.push(`part ${partNumber} holds ${part.size} bytes, not ${expected}`);
    else chosen.push(part);
  }
  if (missing.length === 0 && wrongSize.length === 0) return chosen;
  const problems = [
    ...(missing.length > 0 ? [`${describePartNumbers(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`] : []),
    ...wrongSize,
  ];
  const count = missing.length + wrongSize.length;
  throw new ValidationError(
    `Upload ${videoId} is not complete: ${problems.join('; ')}. Upload ${count === 1 ? 'that part' : 'those parts'}, then complete it again.`,
  );
}
