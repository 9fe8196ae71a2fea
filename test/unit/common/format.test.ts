import { formatBitrate, formatBytes, formatDuration } from '../../../common/format';

describe('formatting', () => {
  test('bytes in decimal units, like the upload limit', () => {
    expect([0, 999, 1000, 690_200, 99_950_000, 100_000_000, 1_500_000_000].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '690.2 kB',
      '100.0 MB',
      '100.0 MB',
      '1.5 GB',
    ]);
    expect(formatBytes(-1)).toBe('?');
  });

  test('bit rates as a person reads them', () => {
    expect([386_027, 795_616, 2_500_000].map(formatBitrate)).toEqual(['386 kbps', '796 kbps', '2.5 Mbps']);
  });

  test('durations as m:ss, h:mm:ss from an hour on, --:-- when unknown', () => {
    expect([0, 4.4, 65, 3600, 3725].map(formatDuration)).toEqual(['0:00', '0:04', '1:05', '1:00:00', '1:02:05']);
    expect([undefined, Infinity, -1, NaN].map(formatDuration)).toEqual(['--:--', '--:--', '--:--', '--:--']);
  });
});
