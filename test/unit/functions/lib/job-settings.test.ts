import { buildJobSettings, hlsNameModifier } from '../../../../functions/lib/job-settings';
import { computeLadder } from '../../../../functions/lib/ladder';
import { groupOutput, jobInput, outputGroup } from '../../../support/job-parts';
import { present } from '../../../support/present';

const base = {
  videoId: '01JTESTVIDEO',
  inputUrl: 's3://raw/01JTESTVIDEO',
  playbackBucket: 'playback',
  roleArn: 'arn:aws:iam::123456789012:role/mediaconvert',
};

describe('buildJobSettings', () => {
  test('one HLS group with a QVBR output per rung and aligned 2 s GOPs, plus one thumbnail', () => {
    const ladder = computeLadder({ width: 1280, height: 720, hasAudio: true });
    const job = buildJobSettings({ ...base, ladder, hasAudio: true });
    const hls = outputGroup(job, 0);
    expect(hls.OutputGroupSettings?.HlsGroupSettings?.Destination).toBe('s3://playback/01JTESTVIDEO/hls/index');
    expect(hls.Outputs!.map((output) => output.NameModifier)).toEqual(['_720p', '_480p', '_360p', '_240p']);
    for (const [index, output] of hls.Outputs!.entries()) {
      const h264 = output.VideoDescription!.CodecSettings!.H264Settings!;
      const rung = present(ladder[index], `the ladder's rung ${index}`);
      expect(h264).toMatchObject({
        RateControlMode: 'QVBR',
        MaxBitrate: rung.maxBitrate,
        GopSize: 2,
        GopSizeUnits: 'SECONDS',
        SceneChangeDetect: 'DISABLED',
      });
      expect(output.VideoDescription).toMatchObject({ Width: rung.width, Height: rung.height });
      expect(output.AudioDescriptions?.[0]?.CodecSettings?.AacSettings?.Bitrate).toBe(96000);
    }
    expect(groupOutput(job, 1, 0).VideoDescription!.CodecSettings!.Codec).toBe('FRAME_CAPTURE');
    expect(job.UserMetadata).toEqual({ videoId: '01JTESTVIDEO', bucket: 'playback' });
    expect(job.StatusUpdateInterval).toBe('SECONDS_10');
    expect(jobInput(job).VideoSelector?.Rotate).toBe('AUTO');
  });

  test('a source without audio gets no audio selector and no audio outputs', () => {
    const job = buildJobSettings({
      ...base,
      ladder: computeLadder({ width: 640, height: 370, hasAudio: false }),
      hasAudio: false,
    });
    expect(jobInput(job).AudioSelectors).toBeUndefined();
    for (const output of outputGroup(job, 0).Outputs!) expect(output.AudioDescriptions).toBeUndefined();
  });

  test('the thumbnail is capped at 1280 wide with even sides', () => {
    const job = buildJobSettings({
      ...base,
      ladder: computeLadder({ width: 1920, height: 1080, hasAudio: true }),
      hasAudio: true,
    });
    expect(groupOutput(job, 1, 0).VideoDescription).toMatchObject({ Width: 1280, Height: 720 });
  });

  test('refuses an empty ladder', () => {
    expect(() => buildJobSettings({ ...base, ladder: [], hasAudio: true })).toThrow('at least one rendition');
  });

  test('name modifiers follow the short side', () => {
    expect(hlsNameModifier({ shortSide: 1080 })).toBe('_1080p');
  });
});
