import { buildJobSettings } from '../../../../functions/lib/job-settings';
import { computeLadder } from '../../../../functions/lib/ladder';
import { qvbrToCrf, SMALL_FRAME_SEARCH } from '../../../../local/mediaconvert/encoder-args';
import { buildFfmpegPlan, outputSize, parseS3Destination } from '../../../../local/mediaconvert/ffmpeg-plan';
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
/** The values of a per-stream option (-crf:v:0, -crf:v:1, ...) in stream order. */
const perStream = (args: string[], flag: string, type = 'v') =>
  args.filter((_, index) => new RegExp(`^${flag}:${type}:\\d+$`).test(args[index - 1] ?? ''));
/** Each tee output's muxers (plain test paths: nothing to unescape but the select's quotes): streams and file. */
const teeOutputs = (args: string[]) =>
  valueAfter(args, 'tee').map((name) =>
    name.split('|').map((muxer) => ({
      streams: /select=\\'([^\\]*)\\'/.exec(muxer)?.[1],
      file: muxer.slice(muxer.lastIndexOf(']') + 1),
    })),
  );

describe('buildFfmpegPlan', () => {
  test('one decode; each lower rung scaled from the one above; MediaConvert names', () => {
    const plan = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(plan.args.filter((arg) => arg === '-i')).toHaveLength(1);
    // The top rung and the thumbnail take the decoded frames as they are; 480p is scaled from them,
    // 360p from 480p's picture, 240p from 360p's.
    expect(valueAfter(plan.args, '-filter_complex')[0]).toBe(
      '[0:v:0]split=3[s0][s1][s2];[s0]setsar=1[v0];[s1]fps=1/1:start_time=0,setsar=1[t0];' +
        '[s2]scale=853:480,split=2[s3][s4];[s3]pad=854:480:-1:-1,setsar=1[v1];' +
        '[s4]scale=640:360,split=2[s5][s6];[s5]setsar=1[v2];[s6]scale=426:240,setsar=1[v3]',
    );
    expect(valueAfter(plan.args, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '0:a:0', '[t0]']);
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
    const [tee] = valueAfter(plan.args, 'tee');
    expect(tee).toContain('hls_segment_filename=/w/out/index_720p_%05d.ts]/w/out/index_720p.m3u8|');
    expect(teeOutputs(plan.args)[0]?.map((muxer) => muxer.file)).toEqual([
      '/w/out/index_720p.m3u8',
      '/w/out/index_480p.m3u8',
      '/w/out/index_360p.m3u8',
      '/w/out/index_240p.m3u8',
    ]);
    expect(plan.frameCaptures[0]).toMatchObject({
      destinationPrefix: 'v1/thumbnail/',
      stem: 'poster',
      width: 1280,
      height: 720,
    });
    expect(plan.args).toContain('/w/out/poster.%07d.jpg');
    // Every rung gets the same forced keyframe instants: segments line up across rungs.
    expect(perStream(plan.args, '-force_key_frames')).toEqual(Array(4).fill('expr:gte(t,n_forced*2)'));
    expect(perStream(plan.args, '-sc_threshold')).toEqual(['0', '0', '0', '0']);
  });

  test('QVBR becomes capped CRF: quality level to crf, MaxBitrate to maxrate and bufsize, per rung', () => {
    const plan = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(perStream(plan.args, '-crf')).toEqual([
      String(qvbrToCrf(8)),
      String(qvbrToCrf(7)),
      String(qvbrToCrf(7)),
      String(qvbrToCrf(7)),
    ]);
    expect(perStream(plan.args, '-maxrate')).toEqual(['3000000', '1400000', '800000', '400000']);
    expect(perStream(plan.args, '-bufsize')).toEqual(['6000000', '2800000', '1600000', '800000']);
    expect(qvbrToCrf(10)).toBeLessThan(qvbrToCrf(1));
  });

  test('x264 searches motion more cheaply below 1280x720; preset, profile and pixel format stay', () => {
    const plan = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    const streamsWith = (flag: string) =>
      plan.args.flatMap((arg) => new RegExp(`^${flag}:v:(\\d+)$`).exec(arg)?.[1] ?? []);
    expect(streamsWith('-x264-params')).toEqual(['1', '2', '3']);
    expect(perStream(plan.args, '-x264-params')).toEqual(Array(3).fill(SMALL_FRAME_SEARCH));
    expect(perStream(plan.args, '-preset')).toEqual(Array(4).fill('veryfast'));
    expect(perStream(plan.args, '-profile')).toEqual(Array(4).fill('high'));
    expect(perStream(plan.args, '-pix_fmt')).toEqual(Array(4).fill('yuv420p'));
    // A 1080p source: its 1080p and 720p rungs keep the full search.
    const fullHd = { ...landscape, width: 1920, height: 1080 };
    const ladder = buildFfmpegPlan(settingsFor(fullHd), { inputFile: '/w/in.mp4', workDir: '/w/out', input: fullHd });
    expect(ladder.args.flatMap((arg) => /^-x264-params:v:(\d+)$/.exec(arg)?.[1] ?? [])).toEqual(['2', '3', '4']);
  });

  test('the audio is encoded once and shared by every rung; a silent input gets none', () => {
    const silent = { ...landscape, hasAudio: false };
    const plan = buildFfmpegPlan(settingsFor(landscape), { inputFile: '/w/in.mp4', workDir: '/w/out', input: silent });
    expect(plan.args.join(' ')).not.toMatch(/0:a|aac|a:0/);
    expect(plan.hlsGroups[0]?.outputs.every((output) => !output.hasAudio)).toBe(true);
    expect(teeOutputs(plan.args)[0]?.map((muxer) => muxer.streams)).toEqual(['v:0', 'v:1', 'v:2', 'v:3']);
    const withAudio = buildFfmpegPlan(settingsFor(landscape), {
      inputFile: '/w/in.mp4',
      workDir: '/w/out',
      input: landscape,
    });
    expect(valueAfter(withAudio.args, '-map').filter((map) => map === '0:a:0')).toHaveLength(1);
    expect(perStream(withAudio.args, '-c', 'a')).toEqual(['aac']);
    expect(perStream(withAudio.args, '-b', 'a')).toEqual(['96000']);
    expect(perStream(withAudio.args, '-ac', 'a')).toEqual(['2']);
    expect(perStream(withAudio.args, '-ar', 'a')).toEqual(['48000']);
    expect(teeOutputs(withAudio.args)[0]?.map((muxer) => muxer.streams)).toEqual([
      'v:0,a:0',
      'v:1,a:0',
      'v:2,a:0',
      'v:3,a:0',
    ]);
  });

  test('rungs asking for different audio get an encode each; past the tee limit, another tee', () => {
    const settings = settingsFor(landscape);
    const [hls] = settings.OutputGroups ?? [];
    const aac = hls?.Outputs?.[3]?.AudioDescriptions?.[0]?.CodecSettings?.AacSettings;
    if (!hls?.Outputs || !aac) throw new Error('the ladder has a fourth rung with AAC');
    aac.Bitrate = 64_000;
    const mixed = buildFfmpegPlan(settings, { inputFile: '/w/in.mp4', workDir: '/w/out', input: landscape });
    expect(perStream(mixed.args, '-b', 'a')).toEqual(['96000', '64000']);
    expect(teeOutputs(mixed.args)[0]?.map((muxer) => muxer.streams)).toEqual([
      'v:0,a:0',
      'v:1,a:0',
      'v:2,a:0',
      'v:3,a:1',
    ]);

    const [top] = hls.Outputs;
    hls.Outputs = Array.from({ length: 17 }, (_, index) => ({ ...top, NameModifier: `_${index}` }));
    const many = buildFfmpegPlan(settings, { inputFile: '/w/in.mp4', workDir: '/w/out', input: landscape });
    const tees = teeOutputs(many.args);
    expect(tees.map((muxers) => muxers.length)).toEqual([16, 1]);
    expect(tees[1]?.[0]).toEqual({ streams: 'v:0,a:0', file: '/w/out/index_16.m3u8' });
    expect(valueAfter(many.args, '-map').filter((map) => map === '0:a:0')).toHaveLength(2);
    expect(valueAfter(many.args, '-map').filter((map) => /^\[v\d+\]$/.test(map))).toHaveLength(17);
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
