// How a multipart upload cuts a file into parts. The server plans them (and signs each part for
// its exact size); the web client and the demo CLI read partSize and partCount from the API and
// slice the file with partRange, so all three agree byte for byte.

const MIB = 1024 * 1024;

/**
 * The smallest part: S3's floor is 5 MiB (EntityTooSmall for any part but the last), and fewer,
 * larger parts cost fewer requests and signatures without making a retried part expensive.
 */
export const MIN_PART_BYTES = 8 * MIB;

/** S3's cap on the parts of one upload. */
export const MAX_PART_COUNT = 10_000;

export interface PartPlan {
  /** Bytes in every part but the last. */
  partSize: number;
  partCount: number;
}

export interface SizedPartPlan extends PartPlan {
  /** The file's size in bytes. */
  size: number;
}

export interface PartRange {
  /** First byte of the part. */
  start: number;
  /** One past the last byte of the part. */
  end: number;
}

/**
 * Parts of at least MIN_PART_BYTES, in whole MiB, large enough that no file needs more than
 * MAX_PART_COUNT of them. A file of no bytes still has one (empty) part, as S3 needs one.
 */
export function planParts(size: number): PartPlan {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`not a size in bytes: ${size}`);
  const partSize = Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PART_COUNT / MIB) * MIB);
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** The byte range of a part, numbered from 1 as S3 numbers them. */
export function partRange(plan: SizedPartPlan, partNumber: number): PartRange {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > plan.partCount) {
    throw new RangeError(`part ${partNumber} is not one of parts 1 to ${plan.partCount}`);
  }
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: Math.min(plan.size, start + plan.partSize) };
}

/** Bytes in a part: partSize for all but the last, which holds the rest. */
export function partSizeOf(plan: SizedPartPlan, partNumber: number): number {
  const { start, end } = partRange(plan, partNumber);
  return end - start;
}

/** A part S3 lists for an upload in progress (ListParts, as the API's multipartUpload reports it). */
export interface UploadedPart {
  partNumber: number;
  size: number;
}

/**
 * The parts S3 holds as planned: listed, and of the planned size. A part of another size (a plan
 * that changed between runs) is sent again, so completing never meets a part that does not fit.
 */
export function heldParts(plan: SizedPartPlan, uploaded: readonly UploadedPart[]): number[] {
  const held = new Set(
    uploaded
      .filter(
        (part) =>
          part.partNumber >= 1 && part.partNumber <= plan.partCount && part.size === partSizeOf(plan, part.partNumber),
      )
      .map((part) => part.partNumber),
  );
  return [...held].sort((a, b) => a - b);
}

/** The parts still to send, in order. */
export function missingParts(plan: SizedPartPlan, uploaded: readonly UploadedPart[]): number[] {
  const held = new Set(heldParts(plan, uploaded));
  return Array.from({ length: plan.partCount }, (_, index) => index + 1).filter((number) => !held.has(number));
}

/** Bytes of the file S3 holds already, in parts that are not sent again. */
export function bytesHeld(plan: SizedPartPlan, uploaded: readonly UploadedPart[]): number {
  return heldParts(plan, uploaded).reduce((sum, number) => sum + partSizeOf(plan, number), 0);
}
