import {
  bytesHeld,
  heldParts,
  MAX_PART_COUNT,
  MIN_PART_BYTES,
  missingParts,
  partRange,
  partSizeOf,
  planParts,
} from '../../../common/multipart-parts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

describe('multipart part plan', () => {
  test('parts are 8 MiB until a file would need more than 10,000 of them', () => {
    expect(MIN_PART_BYTES).toBe(8 * MIB);
    expect(planParts(1)).toEqual({ partSize: 8 * MIB, partCount: 1 });
    expect(planParts(8 * MIB)).toEqual({ partSize: 8 * MIB, partCount: 1 });
    expect(planParts(8 * MIB + 1)).toEqual({ partSize: 8 * MIB, partCount: 2 });
    expect(planParts(17_000_000)).toEqual({ partSize: 8 * MIB, partCount: 3 });
    expect(planParts(5 * GIB)).toEqual({ partSize: 8 * MIB, partCount: 640 });
    expect(planParts(10_000 * 8 * MIB)).toEqual({ partSize: 8 * MIB, partCount: 10_000 });
  });

  test('larger files get larger parts, in whole MiB, never more than 10,000', () => {
    expect(planParts(10_000 * 8 * MIB + 1)).toEqual({ partSize: 9 * MIB, partCount: 8889 });
    const fiveTebibytes = 5 * 1024 * GIB;
    const plan = planParts(fiveTebibytes);
    expect(plan.partSize % MIB).toBe(0);
    expect(plan.partCount).toBeLessThanOrEqual(MAX_PART_COUNT);
    expect(plan.partSize * plan.partCount).toBeGreaterThanOrEqual(fiveTebibytes);
  });

  test('an empty file has one empty part', () => {
    expect(planParts(0)).toEqual({ partSize: 8 * MIB, partCount: 1 });
    expect(partRange({ ...planParts(0), size: 0 }, 1)).toEqual({ start: 0, end: 0 });
  });

  test('refuses what is not a size in bytes', () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => planParts(size)).toThrow(RangeError);
    }
  });

  test('the parts tile the file: every part but the last is partSize, the last holds the rest', () => {
    for (const size of [1, 8 * MIB - 1, 8 * MIB, 8 * MIB + 1, 17_000_000, 3 * 8 * MIB, 100 * MIB + 12345]) {
      const plan = { ...planParts(size), size };
      let next = 0;
      for (let partNumber = 1; partNumber <= plan.partCount; partNumber++) {
        const range = partRange(plan, partNumber);
        expect(range.start).toBe(next);
        expect(partSizeOf(plan, partNumber)).toBe(range.end - range.start);
        if (partNumber < plan.partCount) expect(range.end - range.start).toBe(plan.partSize);
        else expect(range.end - range.start).toBeGreaterThan(0);
        next = range.end;
      }
      expect(next).toBe(size);
    }
  });

  test('the last part of a 17,000,000-byte file', () => {
    const plan = { ...planParts(17_000_000), size: 17_000_000 };
    expect(partRange(plan, 3)).toEqual({ start: 16 * MIB, end: 17_000_000 });
    expect(partSizeOf(plan, 3)).toBe(17_000_000 - 16 * MIB);
  });

  test('part numbers run from 1 to partCount', () => {
    const plan = { ...planParts(17_000_000), size: 17_000_000 };
    for (const partNumber of [0, 4, -1, 1.5, Number.NaN]) {
      expect(() => partRange(plan, partNumber)).toThrow(`part ${partNumber} is not one of parts 1 to 3`);
      expect(() => partSizeOf(plan, partNumber)).toThrow(RangeError);
    }
  });
});

describe("which parts go, given S3's listing", () => {
  const plan = { size: 10_007, partSize: 1000, partCount: 11 };

  test('those S3 lacks, or holds at a size other than planned; parts outside the plan count for nothing', () => {
    const uploaded = [
      { partNumber: 1, size: 1000 },
      { partNumber: 2, size: 999 },
      { partNumber: 11, size: 7 },
      { partNumber: 12, size: 1000 },
      { partNumber: 0, size: 1000 },
    ];
    expect(heldParts(plan, uploaded)).toEqual([1, 11]);
    expect(missingParts(plan, uploaded)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bytesHeld(plan, uploaded)).toBe(1007);
  });

  test('a fresh upload sends every part; a finished one, none', () => {
    expect(missingParts(plan, [])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(bytesHeld(plan, [])).toBe(0);
    const all = Array.from({ length: 11 }, (_, index) => ({
      partNumber: index + 1,
      size: partSizeOf(plan, index + 1),
    }));
    expect(missingParts(plan, all)).toEqual([]);
    expect(bytesHeld(plan, all)).toBe(plan.size);
  });

  test('a part listed twice counts once', () => {
    const twice = [
      { partNumber: 3, size: 1000 },
      { partNumber: 3, size: 1000 },
    ];
    expect(heldParts(plan, twice)).toEqual([3]);
    expect(bytesHeld(plan, twice)).toBe(1000);
  });
});
