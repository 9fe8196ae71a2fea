import { findFinishedSegments } from '../../../../local/mediaconvert/segment-uploads';

describe('findFinishedSegments', () => {
  test('a segment is finished once ffmpeg has begun the next of the same output', () => {
    const files = [
      'index_720p_00001.ts',
      'index_720p_00002.ts',
      'index_720p_00003.ts',
      'index_360p_00001.ts',
      'index_720p.m3u8',
      'poster.0000000.jpg',
    ];
    expect(findFinishedSegments(files, ['index_720p', 'index_360p'])).toEqual([
      'index_720p_00001.ts',
      'index_720p_00002.ts',
    ]);
  });

  test("past 99999 the number grows a digit; another output's or an unknown stem's files never count", () => {
    expect(findFinishedSegments(['a_99999.ts', 'a_100000.ts'], ['a'])).toEqual(['a_99999.ts']);
    // index_720p_x is not index_720p's: its "number" is not all digits.
    expect(findFinishedSegments(['index_720p_x_00001.ts', 'index_720p_x_00002.ts'], ['index_720p'])).toEqual([]);
    expect(findFinishedSegments(['b_00001.ts', 'b_00002.ts'], ['a'])).toEqual([]);
  });
});
