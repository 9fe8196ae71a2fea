import { computeDisplaySize, computeLadder } from '../../../../functions/lib/ladder';

const sizes = (source: Parameters<typeof computeLadder>[0]) =>
  computeLadder(source).map((rung) => `${rung.width}x${rung.height}`);

describe('computeLadder', () => {
  test('a 720p source gets 720/480/360/240, never upscaled', () => {
    expect(sizes({ width: 1280, height: 720, hasAudio: true })).toEqual(['1280x720', '854x480', '640x360', '426x240']);
  });

  test('a 1080p source gets all five rungs', () => {
    expect(computeLadder({ width: 1920, height: 1080, hasAudio: true }).map((rung) => rung.shortSide)).toEqual([
      1080, 720, 480, 360, 240,
    ]);
  });

  test('a 370p source gets 360/240 with even widths', () => {
    expect(sizes({ width: 640, height: 370, hasAudio: false })).toEqual(['622x360', '416x240']);
  });

  test('portrait sources are laddered by their short side and stay portrait', () => {
    expect(sizes({ width: 720, height: 1280, hasAudio: true })).toEqual(['720x1280', '480x854', '360x640', '240x426']);
  });

  test('rotation 90/270 swaps to the display size first', () => {
    expect(computeDisplaySize({ width: 1280, height: 720, rotation: 90 })).toEqual({ width: 720, height: 1280 });
    expect(computeDisplaySize({ width: 1280, height: 720, rotation: -90 })).toEqual({ width: 720, height: 1280 });
    expect(computeDisplaySize({ width: 1280, height: 720, rotation: 180 })).toEqual({ width: 1280, height: 720 });
    expect(sizes({ width: 1280, height: 720, rotation: 270, hasAudio: true })[0]).toBe('720x1280');
  });

  test('a source below 240p gets one rung at its own even size', () => {
    const ladder = computeLadder({ width: 321, height: 181, hasAudio: true });
    expect(ladder).toHaveLength(1);
    expect(ladder[0]).toMatchObject({ width: 322, height: 182, shortSide: 181 });
    expect(computeLadder({ width: 1, height: 1, hasAudio: false })[0]).toMatchObject({ width: 2, height: 2 });
  });

  test('odd sizes give even dimensions on every rung', () => {
    for (const rung of computeLadder({ width: 853, height: 479, hasAudio: true })) {
      expect(rung.width % 2).toBe(0);
      expect(rung.height % 2).toBe(0);
    }
  });
});
