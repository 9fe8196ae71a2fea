import { DEFAULT_PIPELINE_LIMITS } from '../../../../common/constants/pipeline-limits';
import { describeLength } from '../../../../functions/lib/limit-messages';
import { findSourceLimitBreach } from '../../../../functions/lib/source-limits';

const fine = { width: 1920, height: 1080, durationSeconds: 600, frameRate: 30 };

describe('findSourceLimitBreach', () => {
  test('a source within every default limit passes, up to each limit itself', () => {
    expect(findSourceLimitBreach(fine, DEFAULT_PIPELINE_LIMITS)).toBeUndefined();
    expect(
      findSourceLimitBreach(
        { width: 4096, height: 2160, durationSeconds: 1800, frameRate: 60 },
        DEFAULT_PIPELINE_LIMITS,
      ),
    ).toBeUndefined();
  });

  test('too long, too many frames a second, too large a frame: each said with both figures', () => {
    expect(findSourceLimitBreach({ ...fine, durationSeconds: 21_600 }, DEFAULT_PIPELINE_LIMITS)).toBe(
      'The video is 6 h long; the longest accepted is 30 min.',
    );
    expect(findSourceLimitBreach({ ...fine, frameRate: (30000 / 1001) * 4 }, DEFAULT_PIPELINE_LIMITS)).toBe(
      'The video has 119.88 frames a second; the most accepted is 60.',
    );
    expect(findSourceLimitBreach({ ...fine, width: 4096, height: 2304 }, DEFAULT_PIPELINE_LIMITS)).toBe(
      'The video is 4096x2304, 9.4 megapixels a frame; the largest frame accepted is 8.8 megapixels.',
    );
  });

  test('the limits are the ones given', () => {
    const strict = { maxSourceSeconds: 10, maxSourceFrameRate: 24, maxSourcePixels: 640 * 360 };
    expect(
      findSourceLimitBreach(
        { ...fine, durationSeconds: 10.4 },
        { ...strict, maxSourcePixels: 1e9, maxSourceFrameRate: 60 },
      ),
    ).toBe('The video is 10 s long; the longest accepted is 10 s.');
    expect(
      findSourceLimitBreach({ width: 640, height: 360, durationSeconds: 5, frameRate: 24 }, strict),
    ).toBeUndefined();
  });
});

describe('describeLength', () => {
  test('the parts that are not zero', () => {
    expect(describeLength(21_600)).toBe('6 h');
    expect(describeLength(3903)).toBe('1 h 5 min 3 s');
    expect(describeLength(1800)).toBe('30 min');
    expect(describeLength(0.2)).toBe('0 s');
  });
});
