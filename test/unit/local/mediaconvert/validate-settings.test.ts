import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { groupOutput, jobInput, outputGroup } from '../../../support/job-parts';
import { productJob } from '../../../support/job-requests';
import {
  ModelSettingsError,
  SettingsError,
  validateJobRequest,
} from '../../../../local/mediaconvert/validate-settings';

describe('local MediaConvert settings validation', () => {
  test('the jobs the product builds are accepted', () => {
    expect(() => validateJobRequest(productJob())).not.toThrow();
  });

  test.each([
    [
      'a second input',
      (job: CreateJobRequest) => job.Settings!.Inputs!.push({ FileInput: 's3://a/b' }),
      '/settings/inputs',
    ],
    [
      'an input that is not on S3',
      (job: CreateJobRequest) => (jobInput(job).FileInput = 'https://example.com/v.mp4'),
      '/settings/inputs/0/fileInput',
    ],
    [
      'a codec the executor lacks',
      (job: CreateJobRequest) => (groupOutput(job, 0, 1).VideoDescription!.CodecSettings!.Codec = 'PRORES'),
      '/settings/outputGroups/0/outputs/1/videoDescription/codecSettings/codec',
    ],
    [
      'an odd width',
      (job: CreateJobRequest) => (groupOutput(job, 0, 0).VideoDescription!.Width = 853),
      '/settings/outputGroups/0/outputs/0/videoDescription/width',
    ],
    [
      'QVBR without a MaxBitrate',
      (job: CreateJobRequest) =>
        delete groupOutput(job, 0, 0).VideoDescription!.CodecSettings!.H264Settings!.MaxBitrate,
      '/settings/outputGroups/0/outputs/0/videoDescription/codecSettings/h264Settings/maxBitrate',
    ],
    [
      'a DASH group',
      (job: CreateJobRequest) => (outputGroup(job, 0).OutputGroupSettings!.Type = 'DASH_ISO_GROUP_SETTINGS'),
      '/settings/outputGroups/0/outputGroupSettings/type',
    ],
    [
      'MP3 audio',
      (job: CreateJobRequest) => (groupOutput(job, 0, 0).AudioDescriptions![0]!.CodecSettings!.Codec = 'MP3'),
      '/settings/outputGroups/0/outputs/0/audioDescriptions/0/codecSettings/codec',
    ],
    ['no role', (job: CreateJobRequest) => delete job.Role, '/role'],
    [
      'a rotation MediaConvert does not know',
      (job: CreateJobRequest) => (jobInput(job).VideoSelector!.Rotate = 'DEGREES_45' as never),
      '/settings/inputs/0/videoSelector/rotate',
    ],
    [
      "a height below MediaConvert's minimum",
      (job: CreateJobRequest) => (groupOutput(job, 0, 0).VideoDescription!.Height = 8),
      '/settings/outputGroups/0/outputs/0/videoDescription/height',
    ],
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

  test('what AWS\'s API model refuses is worded as MediaConvert words it, every violation joined by " | "', () => {
    const job = productJob();
    delete job.Role;
    groupOutput(job, 0, 0).VideoDescription!.Width = 16;
    groupOutput(job, 0, 1).AudioDescriptions![0]!.CodecSettings!.AacSettings!.Bitrate = 5000;
    job.StatusUpdateInterval = 'SECONDS_5' as never;
    let thrown: unknown;
    try {
      validateJobRequest(job);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelSettingsError);
    expect((thrown as ModelSettingsError).message.split(' | ')).toEqual([
      "The 'role' field is required.",
      'statusUpdateInterval: Should be equal to one of the allowed values: SECONDS_10, SECONDS_12, SECONDS_15, SECONDS_20, SECONDS_30, SECONDS_60, SECONDS_120, SECONDS_180, SECONDS_240, SECONDS_300, SECONDS_360, SECONDS_420, SECONDS_480, SECONDS_540, SECONDS_600',
      '/outputGroups/0/outputs/0/videoDescription/width: Should be greater than or equal to 32',
      '/outputGroups/0/outputs/1/audioDescriptions/0/codecSettings/aacSettings/bitrate: Should be greater than or equal to 6000',
    ]);
  });

  test('a missing member inside the settings is named from its parent, as AWS does', () => {
    const job = productJob();
    job.AccelerationSettings = {} as never;
    expect(() => validateJobRequest(job)).toThrow('accelerationSettings: mode is a required property');
  });
});
