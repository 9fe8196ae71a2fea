import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { buildJobSettings } from '../../../../functions/lib/job-settings';
import { computeLadder } from '../../../../functions/lib/ladder';
import { SettingsError, validateJobRequest } from '../../../../local/mediaconvert/validate-settings';

function productJob(): CreateJobRequest {
  return buildJobSettings({
    videoId: 'v1',
    inputUrl: 's3://videopipe-raw/v1',
    playbackBucket: 'videopipe-playback',
    ladder: computeLadder({ width: 1280, height: 720, hasAudio: true }),
    hasAudio: true,
    roleArn: 'arn:aws:iam::000000000000:role/mediaconvert',
  });
}

describe('local MediaConvert settings validation', () => {
  test('the jobs the product builds are accepted', () => {
    expect(() => validateJobRequest(productJob())).not.toThrow();
  });

  test.each([
    ['a second input', (job: CreateJobRequest) => job.Settings!.Inputs!.push({ FileInput: 's3://a/b' }), '/settings/inputs'],
    ['an input that is not on S3', (job: CreateJobRequest) => (job.Settings!.Inputs![0].FileInput = 'https://example.com/v.mp4'), '/settings/inputs/0/fileInput'],
    ['a codec the executor lacks', (job: CreateJobRequest) => (job.Settings!.OutputGroups![0].Outputs![1].VideoDescription!.CodecSettings!.Codec = 'PRORES'), '/settings/outputGroups/0/outputs/1/videoDescription/codecSettings/codec'],
    ['an odd width', (job: CreateJobRequest) => (job.Settings!.OutputGroups![0].Outputs![0].VideoDescription!.Width = 853), '/settings/outputGroups/0/outputs/0/videoDescription/width'],
    ['QVBR without a MaxBitrate', (job: CreateJobRequest) => delete job.Settings!.OutputGroups![0].Outputs![0].VideoDescription!.CodecSettings!.H264Settings!.MaxBitrate, '/settings/outputGroups/0/outputs/0/videoDescription/codecSettings/h264Settings/maxBitrate'],
    ['a DASH group', (job: CreateJobRequest) => (job.Settings!.OutputGroups![0].OutputGroupSettings!.Type = 'DASH_ISO_GROUP_SETTINGS'), '/settings/outputGroups/0/outputGroupSettings/type'],
    ['MP3 audio', (job: CreateJobRequest) => (job.Settings!.OutputGroups![0].Outputs![0].AudioDescriptions![0].CodecSettings!.Codec = 'MP3'), '/settings/outputGroups/0/outputs/0/audioDescriptions/0/codecSettings/codec'],
    ['no role', (job: CreateJobRequest) => delete job.Role, '/role'],
  ])('refuses %s, naming the field', (_name, change, field) => {
    const job = productJob();
    change(job);
    let thrown: unknown;
    try {
      validateJobRequest(job);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettingsError);
    expect((thrown as SettingsError).name).toBe('BadRequestException');
    expect((thrown as SettingsError).field).toBe(field);
  });
});
