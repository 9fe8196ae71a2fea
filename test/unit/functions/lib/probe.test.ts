import { UnsupportedInputError } from '../../../../common/ffprobe';
import { parseProbe } from '../../../../functions/lib/probe';

/** ffprobe's format_name for MP4 and its family. */
const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
const mp4 = (duration: string) => ({ format_name: MP4, duration });

const video = (width: number, height: number, extra: Record<string, unknown> = {}) => ({
  codec_type: 'video',
  codec_name: 'h264',
  width,
  height,
  ...extra,
});

describe('parseProbe', () => {
  test('refuses frames above the supported maximum, with the sizes in the reason', () => {
    expect(() => parseProbe({ streams: [video(7680, 4320)], format: mp4('5') })).toThrow(
      'The video is 7680x4320; the largest size accepted is 4096 pixels on its long side.',
    );
    expect(parseProbe({ streams: [video(3840, 2160)], format: mp4('5') })).toMatchObject({
      width: 3840,
      height: 2160,
    });
  });

  test("refuses frames below 32 pixels on a side (MediaConvert's smallest output), with the sizes in the reason", () => {
    // A 1x1 source once made a 2x2 rung, which CreateJob refuses; the upload then stayed PROCESSING.
    expect(() => parseProbe({ streams: [video(1, 1)], format: mp4('1') })).toThrow(
      'The video is 1x1; the smallest size accepted is 32 pixels on each side.',
    );
    expect(() => parseProbe({ streams: [video(1280, 31)], format: mp4('1') })).toThrow(
      'The video is 1280x31; the smallest size accepted is 32 pixels on each side.',
    );
    expect(parseProbe({ streams: [video(32, 32)], format: mp4('1') })).toMatchObject({
      width: 32,
      height: 32,
    });
    expect(parseProbe({ streams: [video(4096, 33)], format: mp4('1') })).toMatchObject({
      width: 4096,
      height: 33,
    });
  });

  test('a still picture is named as one, not as a damaged video', () => {
    for (const format_name of ['png_pipe', 'jpeg_pipe', 'webp_pipe', 'image2', 'image2pipe']) {
      expect(() => parseProbe({ streams: [video(320, 240, { codec_name: 'png' })], format: { format_name } })).toThrow(
        new UnsupportedInputError(
          'The file is a still picture, not a video: upload a video, not an image.',
          format_name,
        ),
      );
    }
    // A raw video stream over a pipe is not a picture, but not a container MediaConvert takes either.
    expect(() =>
      parseProbe({
        streams: [video(320, 240, { codec_name: 'rawvideo' })],
        format: { format_name: 'yuv4mpegpipe', duration: '1' },
      }),
    ).toThrow(/^The file's format \(yuv4mpegpipe\) cannot be converted: upload a video in MP4, MOV, 3GP, /);
  });

  test('only the allowed containers pass; a playlist is named as one, whatever ffprobe made of it', () => {
    for (const format_name of [MP4, 'matroska,webm', 'avi', 'asf', 'flv', 'mpeg', 'mpegts', 'gif']) {
      expect(parseProbe({ streams: [video(320, 240)], format: { format_name, duration: '1' } })).toMatchObject({
        width: 320,
      });
    }
    for (const format_name of ['hls', 'concat']) {
      expect(() => parseProbe({ streams: [video(320, 240)], format: { format_name, duration: '1' } })).toThrow(
        'The file is a playlist, not a video: upload the video file itself.',
      );
    }
    for (const format_name of ['ogg', 'mxf', 'h264', '']) {
      expect(() => parseProbe({ streams: [video(320, 240)], format: { format_name, duration: '1' } })).toThrow(
        UnsupportedInputError,
      );
    }
  });

  test('cover art is not a video; no duration is a damaged file', () => {
    expect(() =>
      parseProbe({
        streams: [{ codec_type: 'audio' }, video(600, 600, { disposition: { attached_pic: 1 } })],
        format: mp4('3'),
      }),
    ).toThrow(/no picture/);
    expect(() => parseProbe({ streams: [video(640, 360)], format: { format_name: MP4 } })).toThrow(
      'The video has no length: the file may be cut short or damaged.',
    );
  });

  test('rotation comes from the display matrix, or else the legacy rotate tag', () => {
    expect(
      parseProbe({ streams: [video(640, 360, { side_data_list: [{ rotation: -90 }] })], format: mp4('1') }).rotation,
    ).toBe(-90);
    expect(parseProbe({ streams: [video(640, 360, { tags: { rotate: '270' } })], format: mp4('1') }).rotation).toBe(
      270,
    );
  });

  test('the frame rate is the average, else the base rate, else 0 (no rate to judge)', () => {
    const rate = (extra: Record<string, unknown>) =>
      parseProbe({ streams: [video(640, 360, extra)], format: mp4('1') }).frameRate;
    expect(rate({ avg_frame_rate: '30000/1001', r_frame_rate: '60/1' })).toBeCloseTo(29.97, 2);
    expect(rate({ avg_frame_rate: '0/0', r_frame_rate: '1/1' })).toBe(1);
    expect(rate({ avg_frame_rate: '0/0', r_frame_rate: '0/0' })).toBe(0);
    expect(rate({})).toBe(0);
  });
});
