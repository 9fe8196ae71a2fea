import { parseProbe } from '../../../../functions/lib/probe';

const video = (width: number, height: number, extra: Record<string, unknown> = {}) => ({ codec_type: 'video', codec_name: 'h264', width, height, ...extra });

describe('parseProbe', () => {
  test('refuses frames above the supported maximum, with the sizes in the reason', () => {
    expect(() => parseProbe({ streams: [video(7680, 4320)], format: { duration: '5' } })).toThrow('The video is 7680x4320; the largest size accepted is 4096 pixels on its long side.');
    expect(parseProbe({ streams: [video(3840, 2160)], format: { duration: '5' } })).toMatchObject({ width: 3840, height: 2160 });
  });

  test('cover art is not a video; no duration is a damaged file', () => {
    expect(() => parseProbe({ streams: [{ codec_type: 'audio' }, video(600, 600, { disposition: { attached_pic: 1 } })], format: { duration: '3' } })).toThrow(/no picture/);
    expect(() => parseProbe({ streams: [video(640, 360)], format: {} })).toThrow('The video has no length: the file may be cut short or damaged.');
  });

  test('rotation comes from the display matrix, or else the legacy rotate tag', () => {
    expect(parseProbe({ streams: [video(640, 360, { side_data_list: [{ rotation: -90 }] })], format: { duration: '1' } }).rotation).toBe(-90);
    expect(parseProbe({ streams: [video(640, 360, { tags: { rotate: '270' } })], format: { duration: '1' } }).rotation).toBe(270);
  });
});
