import { planParts } from '../../../../common/multipart-parts';
import { ValidationError } from '../../../../functions/lib/errors';
import {
  assertPartNumbers,
  describePartNumbers,
  MAX_PART_URLS_PER_CALL,
  partsToComplete,
} from '../../../../functions/uploads/part-checks';

const MIB = 1024 * 1024;
const VIDEO = '01JB8Z6Q3M4N5P6R7S8T9V0W1X';

describe('describePartNumbers', () => {
  test('one part, several, and runs', () => {
    expect(describePartNumbers([4])).toBe('part 4');
    expect(describePartNumbers([3, 1])).toBe('parts 1 and 3');
    expect(describePartNumbers([12, 1, 3, 7, 8, 9, 10, 11])).toBe('parts 1, 3 and 7-12');
    expect(describePartNumbers([2, 2, 3])).toBe('parts 2-3');
  });
});

describe('assertPartNumbers', () => {
  test('1 to 100 part numbers, each of the plan, none twice', () => {
    expect(() => assertPartNumbers([1, 2, 3], 3)).not.toThrow();
    expect(() => assertPartNumbers([3], 3)).not.toThrow();
    const hundred = Array.from({ length: MAX_PART_URLS_PER_CALL }, (_, index) => index + 1);
    expect(() => assertPartNumbers(hundred, 640)).not.toThrow();
  });

  test.each([
    [[], 3, 'Name at least one part to sign a URL for.'],
    [
      Array.from({ length: 101 }, (_, index) => index + 1),
      640,
      'At most 100 part URLs are signed at once; 101 were asked for.',
    ],
    [[0, 1, 4], 3, 'This upload has parts 1 to 3; 0, 4 is not one of them.'],
    [[1.5], 3, 'This upload has parts 1 to 3; 1.5 is not one of them.'],
    [[1, 2, 1, 2, 3], 3, 'Ask for each part once: parts 1-2 twice.'],
  ])('refuses %j of %i parts: %s', (partNumbers, partCount, message) => {
    expect(() => assertPartNumbers(partNumbers, partCount)).toThrow(new ValidationError(message));
  });
});

describe('partsToComplete', () => {
  const size = 17_000_000;
  const plan = { ...planParts(size), size };
  const part = (partNumber: number, bytes: number) => ({ partNumber, size: bytes, eTag: `"etag-${partNumber}"` });
  const whole = [part(1, 8 * MIB), part(2, 8 * MIB), part(3, size - 16 * MIB)];

  test('every planned part at its planned size: all of them, in order, with their ETags', () => {
    expect(partsToComplete(VIDEO, plan, [whole[2]!, whole[0]!, whole[1]!])).toEqual(whole);
  });

  test('a part past the plan (no URL was signed for it) is left out', () => {
    expect(partsToComplete(VIDEO, plan, [...whole, part(4, 10)])).toEqual(whole);
  });

  test('names the missing parts', () => {
    expect(() => partsToComplete(VIDEO, plan, [whole[0]!])).toThrow(
      new ValidationError(
        `Upload ${VIDEO} is not complete: parts 2-3 are missing. Upload those parts, then complete it again.`,
      ),
    );
    expect(() => partsToComplete(VIDEO, plan, [])).toThrow(`Upload ${VIDEO} is not complete: parts 1-3 are missing.`);
  });

  test('names a part of another size, whether shorter or longer, with the missing ones', () => {
    expect(() => partsToComplete(VIDEO, plan, [part(1, MIB), whole[2]!])).toThrow(
      new ValidationError(
        `Upload ${VIDEO} is not complete: part 2 is missing; part 1 holds ${MIB} bytes, not ${8 * MIB}. Upload those parts, then complete it again.`,
      ),
    );
    expect(() => partsToComplete(VIDEO, plan, [whole[0]!, whole[1]!, part(3, size)])).toThrow(
      `part 3 holds ${size} bytes, not ${size - 16 * MIB}. Upload that part, then complete it again.`,
    );
  });
});
