import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { groupOutput, jobInput, outputGroup } from '../../../support/job-parts';
import { productJob } from '../../../support/job-requests';
import { checkCreateJobRequest, loadMediaConvertModel } from '../../../../local/mediaconvert/create-job-model';
import {
  compilePattern,
  describeViolation,
  formatWirePointer,
  validateOperationInput,
} from '../../../../local/lib/service-model';
import type { ServiceModel } from '../../../../local/lib/service-model';

/** Mutable views of the product job's parts, for the tests that break one. */
function parts(job: CreateJobRequest) {
  const hls = outputGroup(job, 0);
  const output = groupOutput(job, 0, 1);
  return { hls, output, video: output.VideoDescription!, h264: output.VideoDescription!.CodecSettings!.H264Settings! };
}

function describe_(job: CreateJobRequest): string[] {
  return checkCreateJobRequest(job).map(describeViolation);
}

describe("validateOperationInput against MediaConvert's model", () => {
  test('the product job passes (the baseline for the controls below)', () => {
    expect(checkCreateJobRequest(productJob())).toEqual([]);
  });

  test.each<[string, (job: CreateJobRequest) => void, string]>([
    [
      'an unknown key (a misspelt member the SDK would silently drop)',
      (job) => Object.assign(parts(job).video, { Hieght: 720 }),
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.Hieght: VideoDescription has no member Hieght.',
    ],
    [
      'a wire name instead of the member name',
      (job) => Object.assign(job, { role: job.Role }),
      'role: CreateJobRequest has no member role.',
    ],
    [
      'a bad enum value',
      (job) => Object.assign(parts(job).h264, { RateControlMode: 'QVBR2' }),
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.CodecSettings.H264Settings.RateControlMode: "QVBR2" is not one of VBR, CBR, QVBR.',
    ],
    [
      'a number below the minimum',
      (job) => (parts(job).video.Height = 8),
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.Height: 8 is below the minimum 32.',
    ],
    [
      'a number above the maximum',
      (job) => (parts(job).h264.QvbrSettings!.QvbrQualityLevel = 11),
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.CodecSettings.H264Settings.QvbrSettings.QvbrQualityLevel: 11 is above the maximum 10.',
    ],
    ['a missing required member', (job) => delete job.Role, 'Role: is missing; CreateJobRequest requires Role.'],
    [
      'a wrong type (a string for an integer)',
      (job) => Object.assign(parts(job).video, { Width: '1280' }),
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.Width: "1280" is not a whole number.',
    ],
    [
      'a wrong type (a fraction for an integer)',
      (job) => (parts(job).h264.MaxBitrate = 1_500_000.5),
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.CodecSettings.H264Settings.MaxBitrate: 1500000.5 is not a whole number.',
    ],
    [
      'a wrong type (an object for a list)',
      (job) => Object.assign(job.Settings!, { Inputs: jobInput(job) }),
      'Settings.Inputs: an object is not a list.',
    ],
    [
      'a string that breaks the pattern',
      (job) => (parts(job).hls.OutputGroupSettings!.HlsGroupSettings!.Destination = 'https://bucket/path'),
      'Settings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.Destination: "https://bucket/path" does not match ^s3:\\/\\/.*$.',
    ],
    [
      'a map value of the wrong type',
      (job) => Object.assign(job.UserMetadata!, { attempt: 2 }),
      'UserMetadata["attempt"]: 2 is not a string.',
    ],
    [
      'a list item that is not there',
      (job) => (outputGroup(job, 0).Outputs![2] = undefined as never),
      'Settings.OutputGroups[0].Outputs[2]: undefined is not an object.',
    ],
  ])('refuses %s, naming the path', (_name, change, message) => {
    const job = productJob();
    change(job);
    expect(describe_(job)).toEqual([message]);
  });

  test('reports every violation, in document order', () => {
    const job = productJob();
    parts(job).video.Height = 8;
    parts(job).video.Width = 9000;
    expect(describe_(job)).toEqual([
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.Width: 9000 is above the maximum 8192.',
      'Settings.OutputGroups[0].Outputs[1].VideoDescription.Height: 8 is below the minimum 32.',
    ]);
  });

  test('paths have a wire form too: location names as a JSON pointer', () => {
    const job = productJob();
    parts(job).video.Height = 8;
    expect(checkCreateJobRequest(job).map((violation) => formatWirePointer(violation.path))).toEqual([
      '/settings/outputGroups/0/outputs/1/videoDescription/height',
    ]);
  });

  test('every pattern in the shipped model is a valid JavaScript regular expression', () => {
    const model = loadMediaConvertModel();
    const patterns = Object.values(model.shapes).flatMap((shape) =>
      'pattern' in shape && shape.pattern ? [shape.pattern] : [],
    );
    expect(patterns.length).toBeGreaterThan(10);
    for (const pattern of patterns) expect(() => compilePattern(pattern)).not.toThrow();
    expect(model.metadata).toMatchObject({ apiVersion: '2017-08-29', serviceId: 'MediaConvert' });
    expect(model.source).toMatch(/^botocore \d+\.\d+\.\d+/);
  });
});

describe('validateOperationInput, the rules the MediaConvert job does not exercise', () => {
  const model: ServiceModel = {
    source: 'test',
    metadata: { apiVersion: '1', serviceId: 'Test', protocol: 'rest-json' },
    operations: { Put: { input: { shape: 'PutRequest' } } },
    shapes: {
      PutRequest: {
        type: 'structure',
        required: ['Name'],
        members: {
          Name: { shape: 'Name', locationName: 'name' },
          Tags: { shape: 'Tags', locationName: 'tags' },
          Items: { shape: 'Items', locationName: 'items' },
          Ratio: { shape: 'Ratio', locationName: 'ratio' },
          Enabled: { shape: 'Boolean', locationName: 'enabled' },
          At: { shape: 'Timestamp', locationName: 'at' },
        },
      },
      Name: { type: 'string', min: 3, max: 5 },
      TagKey: { type: 'string', pattern: '^[a-z]+$' },
      Tags: { type: 'map', key: { shape: 'TagKey' }, value: { shape: 'Name' }, max: 1 },
      Items: { type: 'list', member: { shape: 'Name' }, min: 1, max: 2 },
      Ratio: { type: 'double', min: 0, max: 1 },
      Boolean: { type: 'boolean' },
      Timestamp: { type: 'timestamp' },
    },
  };
  const check = (input: unknown) => validateOperationInput(model, 'Put', input).map(describeViolation);

  test('a valid input passes; undefined members count as absent', () => {
    expect(
      check({
        Name: 'abc',
        Tags: { env: 'prod' },
        Items: ['abc'],
        Ratio: 0.5,
        Enabled: true,
        At: new Date(),
        Note: undefined,
      }),
    ).toEqual([]);
  });

  test('string lengths, map keys and sizes, list sizes, doubles, booleans', () => {
    expect(check({ Name: 'ab' })).toEqual(['Name: "ab" is shorter than 3 characters.']);
    expect(check({ Name: 'abcdef' })).toEqual(['Name: "abcdef" is longer than 5 characters.']);
    expect(check({ Name: 'abc', Tags: { Env: 'prod', b: 'prod' } })).toEqual([
      'Tags: has 2 items, more than the maximum 1.',
      'Tags["Env"]: "Env" does not match ^[a-z]+$.',
    ]);
    expect(check({ Name: 'abc', Items: [] })).toEqual(['Items: has 0 items, fewer than the minimum 1.']);
    expect(check({ Name: 'abc', Items: ['abc', 'abc', 'abc'] })).toEqual([
      'Items: has 3 items, more than the maximum 2.',
    ]);
    expect(check({ Name: 'abc', Ratio: 1.5, Enabled: 'yes' })).toEqual([
      'Ratio: 1.5 is above the maximum 1.',
      'Enabled: "yes" is not true or false.',
    ]);
    expect(check({ Name: 'abc', Ratio: Number.NaN })).toEqual(['Ratio: NaN is not a number.']);
    expect(check('not an object')).toEqual(['The input: "not an object" is not an object.']);
  });

  test('an operation the model lacks is a programming error, not a violation', () => {
    expect(() => validateOperationInput(model, 'Delete', {})).toThrow('no operation Delete');
  });
});
