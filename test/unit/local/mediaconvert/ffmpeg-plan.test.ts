import { buildJobSettings } from '../../../../functions/lib/job-settings';
import { computeLadder } from '../../../../functions/lib/ladder';
import { buildFfmpegPlan, outputSize, parseS3Destination, qvbrToCrf } from '../../../../local/mediaconvert/ffmpeg-plan';
import type { InputFacts } from '../../../../local/mediaconvert/ffmpeg-plan';

const landscape: InputFacts = {
  width: 1280,
  height: 720,
  rotation: 0,
  frameRate: 25,
  durationSeconds: 5,
  hasAudio: true,
};

function settingsFor(input: InputFacts, rotate?: string) {
  const request = buildJobSettings({
    videoId: 'v1',
    inputUrl: 's3://raw/v1',
    playbackBucket: 'pb',
    ladder: computeLadder(input),
    hasAudio: input.hasAudio,
    roleArn: 'arn:aws:iam::1:role/r',
  });
  const selector = request.Settings?.Inputs?.[0]?.VideoSelector;
  if (rotate && selector) selector.Rotate = rotate as never;
  return request.Settings ?? {};
}

const valueAfter = (args: string[], flag: string) => args.filter((_, index) => args[index - 1] === flag);

describe('buildFfmpegPlan', () => {
  test('one decode split into every rung and the thumbnail, with MediaConvert names', () => {
    const plan = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(plan.args.filter((arg) => arg === '-i')).toHaveLength(1);
    expect(valueAfter(plan.args, '-filter_complex')[0]).toMatch(/^\[0:v:0\]split=5\[s0\]\[s1\]\[s2\]\[s3\]\[s4\];/);
    expect(plan.hlsGroups[0]).toMatchObject({
      destinationBucket: 'pb',
      destinationPrefix: 'v1/hls/',
      basename: 'index',
      segmentSeconds: 6,
    });
    expect(plan.hlsGroups[0]?.outputs.map((output) => `${output.stem} ${output.width}x${output.height}`)).toEqual([
      'index_720p 1280x720',
      'index_480p 854x480',
      'index_360p 640x360',
      'index_240p 426x240',
    ]);
    expect(plan.args).toContain('/w/out/index_720p.m3u8');
    expect(plan.args).toContain('/w/out/index_720p_%05d.ts');
    expect(plan.frameCaptures[0]).toMatchObject({
      destinationPrefix: 'v1/thumbnail/',
      stem: 'poster',
      width: 1280,
      height: 720,
    });
    expect(plan.args).toContain('/w/out/poster.%07d.jpg');
    // Every rung gets the same forced keyframe instants: segments line up across rungs.
    expect(new Set(valueAfter(plan.args, '-force_key_frames'))).toEqual(new Set(['expr:gte(t,n_forced*2)']));
    expect(valueAfter(plan.args, '-sc_threshold')).toEqual(['0', '0', '0', '0']);
  });

  test('QVBR becomes capped CRF: quality level to crf, MaxBitrate to maxrate and bufsize', () => {
    const plan = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(valueAfter(plan.args, '-crf')).toEqual([
      String(qvbrToCrf(8)),
      String(qvbrToCrf(7)),
      String(qvbrToCrf(7)),
      String(qvbrToCrf(7)),
    ]);
    expect(valueAfter(plan.args, '-maxrate')).toEqual(['3000000', '1400000', '800000', '400000']);
    expect(valueAfter(plan.args, '-bufsize')).toEqual(['6000000', '2800000', '1600000', '800000']);
    expect(qvbrToCrf(10)).toBeLessThan(qvbrToCrf(1));
  });

  test('audio is mapped only when the input has it, even if the settings ask for it', () => {
    const silent = { ...landscape, hasAudio: false };
    const plan = buildFfmpegPlan(settingsFor(landscape), { inputFile: '/w/in.mp4', workDir: '/w/out', input: silent });
    expect(plan.args.join(' ')).not.toMatch(/0:a|aac/);
    expect(plan.hlsGroups[0]?.outputs.every((output) => !output.hasAudio)).toBe(true);
    const withAudio = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(valueAfter(withAudio.args, '-c:a')).toEqual(['aac', 'aac', 'aac', 'aac']);
    expect(valueAfter(withAudio.args, '-b:a')).toEqual(['96000', '96000', '96000', '96000']);
  });

  test('Rotate AUTO leaves rotation to ffmpeg; explicit rotations turn autorotate off and rotate', () => {
    const auto = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(auto.args).not.toContain('-noautorotate');
    const quarter = buildFfmpegPlan(settingsFor(landscape, 'DEGREES_90'), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(quarter.args).toContain('-noautorotate');
    expect(valueAfter(quarter.args, '-filter_complex')[0]).toMatch(/^\[0:v:0\]transpose=clock,split=/);
  });

  test('the input is read as the file itself: its protocol and an allowed container only, never what it names', () => {
    const plan = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in/01J',
      workDir: '/w/out',
      input: landscape,
    });
    const input = plan.args.indexOf('-i');
    expect(plan.args.slice(input - 4, input + 2)).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'mov,matroska,avi,asf,flv,mpeg,mpegts,gif',
      '-i',
      '/w/in/01J',
    ]);
  });

  test('destinations and sizes', () => {
    expect(parseS3Destination('s3://pb/v1/hls/index')).toEqual({ bucket: 'pb', prefix: 'v1/hls/', name: 'index' });
    expect(parseS3Destination('s3://pb/v1/')).toEqual({ bucket: 'pb', prefix: 'v1/', name: '' });
    expect(outputSize({}, { width: 853, height: 479 })).toEqual({ width: 854, height: 480 });
    expect(outputSize({ VideoDescription: { Height: 360 } }, { width: 1280, height: 720 })).toEqual({
      width: 640,
      height: 360,
    });
  });
});
