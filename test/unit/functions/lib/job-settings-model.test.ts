import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { buildClientRequestToken } from '../../../../functions/process-upload/submit-job';
import { STATUS_UPDATE_INTERVALS, buildJobSettings } from '../../../../functions/lib/job-settings';
import type { JobSettingsOptions } from '../../../../functions/lib/job-settings';
import { computeLadder } from '../../../../functions/lib/ladder';
import type { SourceFacts } from '../../../../functions/lib/ladder';
import { MAX_LONG_SIDE, MIN_SIDE } from '../../../../functions/lib/probe';
import { checkCreateJobRequest } from '../../../../local/mediaconvert/create-job-model';
import { describeViolation } from '../../../../local/lib/service-model';
import { groupOutput } from '../../../support/job-parts';

// The CreateJob requests the pipeline builds, for every kind of source the probe lets through,
// checked against MediaConvert's published API model (local/mediaconvert/api-model): what AWS's
// API would refuse with BadRequestException fails here first.

const base: Omit<JobSettingsOptions, 'ladder' | 'hasAudio'> = {
  videoId: '01JTESTVIDEO00000000000000',
  inputUrl: 's3://videopipe-raw-123456789012/01JTESTVIDEO00000000000000',
  playbackBucket: 'videopipe-playback-123456789012',
  roleArn: 'arn:aws:iam::123456789012:role/videopipe-mediaconvert',
};

/** What process-upload sends: the built settings plus its idempotency token. */
function requestFor(
  source: Omit<SourceFacts, 'hasAudio'>,
  hasAudio: boolean,
  options: Partial<JobSettingsOptions> = {},
): CreateJobRequest {
  return {
    ...buildJobSettings({ ...base, ladder: computeLadder({ ...source, hasAudio }), hasAudio, ...options }),
    ClientRequestToken: buildClientRequestToken({ key: base.videoId, eTag: '"9b2cf535f27731c974343645a3985328"' }),
  };
}

function problems(request: CreateJobRequest): string[] {
  return checkCreateJobRequest(request).map(describeViolation);
}

const SOURCES: Array<[string, Omit<SourceFacts, 'hasAudio'>]> = [
  ['landscape 1080p', { width: 1920, height: 1080 }],
  ['landscape 720p', { width: 1280, height: 720 }],
  ['a 370p source (two rungs)', { width: 658, height: 370 }],
  ['portrait 1080x1920', { width: 1080, height: 1920 }],
  ['a phone clip rotated 90', { width: 1920, height: 1080, rotation: 90 }],
  ['a phone clip rotated 270', { width: 1920, height: 1080, rotation: 270 }],
  ['upside down (180)', { width: 1280, height: 720, rotation: 180 }],
  ['rotated -90', { width: 1280, height: 720, rotation: -90 }],
  ['below the smallest rung (320x200)', { width: 320, height: 200 }],
  ['below the smallest rung, odd sides (427x239)', { width: 427, height: 239 }],
  ['tiny (48x32)', { width: 48, height: 32 }],
  ['tiny portrait (32x48)', { width: 32, height: 48 }],
  ['the smallest the probe accepts (32x32)', { width: MIN_SIDE, height: MIN_SIDE }],
  ['4K UHD (3840x2160)', { width: 3840, height: 2160 }],
  ['DCI 4K (4096x2160)', { width: 4096, height: 2160 }],
  ['4K portrait (2160x3840)', { width: 2160, height: 3840 }],
  ['4K rotated 90 (4096x2160)', { width: MAX_LONG_SIDE, height: 2160, rotation: 90 }],
  ['a wide panorama (4096x96)', { width: MAX_LONG_SIDE, height: 96 }],
  ['the widest the probe accepts (4096x32)', { width: MAX_LONG_SIDE, height: MIN_SIDE }],
  ['the tallest the probe accepts (32x4096)', { width: MIN_SIDE, height: MAX_LONG_SIDE }],
  ['square (1080x1080)', { width: 1080, height: 1080 }],
];

describe("the job settings the pipeline builds, against MediaConvert's API model", () => {
  test.each(
    SOURCES.flatMap(([name, source]) => [
      [`${name}, with audio`, source, true] as const,
      [`${name}, silent`, source, false] as const,
    ]),
  )('%s', (_name, source, hasAudio) => {
    expect(problems(requestFor(source, hasAudio))).toEqual([]);
  });

  test.each(STATUS_UPDATE_INTERVALS.map((seconds) => [seconds]))('StatusUpdateInterval of %i seconds', (seconds) => {
    expect(problems(requestFor({ width: 1280, height: 720 }, true, { statusUpdateIntervalSeconds: seconds }))).toEqual(
      [],
    );
  });

  test('the optional segment length and audio bit rate, at the values the product could pass', () => {
    expect(
      problems(requestFor({ width: 1280, height: 720 }, true, { segmentSeconds: 2, audioBitrate: 64_000 })),
    ).toEqual([]);
    expect(
      problems(requestFor({ width: 1280, height: 720 }, true, { segmentSeconds: 10, audioBitrate: 192_000 })),
    ).toEqual([]);
  });

  test('negative control: the check sees a setting the builder gets wrong', () => {
    // Prepare: a request the builder could produce if its thumbnail rounding regressed.
    const request = requestFor({ width: MAX_LONG_SIDE, height: 96 }, true);
    groupOutput(request, 1, 0).VideoDescription!.Height = 30;
    // Act + Assess
    expect(problems(request)).toEqual([
      'Settings.OutputGroups[1].Outputs[0].VideoDescription.Height: 30 is below the minimum 32.',
    ]);
  });

  test("a panorama's thumbnail stays at least 32 pixels high instead of shrinking to 1280 wide", () => {
    const request = requestFor({ width: MAX_LONG_SIDE, height: 96 }, false);
    expect(groupOutput(request, 1, 0).VideoDescription).toMatchObject({ Width: 1366, Height: 32 });
  });
});
