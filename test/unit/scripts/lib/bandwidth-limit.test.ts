import { parseBandwidthLimit } from '../../../../scripts/lib/bandwidth-limit';
import { CliError } from '../../../../scripts/lib/cli-error';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('--bwlimit, read as rclone reads it', () => {
  test.each([
    ['10M', 10 * MiB],
    ['10m', 10 * MiB],
    ['10Mi', 10 * MiB],
    ['10MiB', 10 * MiB],
    ['512K', 512 * KiB],
    ['512k', 512 * KiB],
    ['1.5M', 1.5 * MiB],
    ['.5G', 512 * MiB],
    ['2G', 2 * 1024 * MiB],
    ['1T', 1024 * 1024 * MiB],
    ['500B', 500],
    ['500b', 500],
    // A bare number is KiB/s, rclone's unit.
    ['100', 100 * KiB],
    [' 10M ', 10 * MiB],
    // UP:DOWN: this tool only uploads.
    ['10M:100K', 10 * MiB],
  ])('%s is %d bytes per second', (text, bytesPerSecond) => {
    expect(parseBandwidthLimit(text)).toBe(bytesPerSecond);
  });

  test.each(['off', 'OFF', '0', '0M', '0:0'])('%s is no limit', (text) => {
    expect(parseBandwidthLimit(text)).toBeUndefined();
  });

  test.each([
    ['', /^--bwlimit needs a rate/],
    ['fast', /^--bwlimit fast: not a rate \(e\.g\. 10M/],
    ['10X', /^--bwlimit 10X: not a rate/],
    ['-1M', /^--bwlimit -1M: not a rate/],
    ['10MM', /^--bwlimit 10MM: not a rate/],
    ['10iB', /^--bwlimit 10iB: not a rate/],
    ['1e6', /^--bwlimit 1e6: not a rate/],
    ['10M:', /^--bwlimit 10M:: not a rate/],
    ['1:2:3', /^--bwlimit 1:2:3: not a rate/],
    ['10M:fast', /^--bwlimit 10M:fast: not a rate/],
    ['0.5B', /^--bwlimit 0\.5B: less than a byte per second\.$/],
    ['08:00,512k 19:00,off', /timetables are not supported here; give one rate/],
  ])('%j is refused with one sentence (exit 2)', (text, message) => {
    const attempt = () => parseBandwidthLimit(text);
    expect(attempt).toThrow(CliError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });
});
