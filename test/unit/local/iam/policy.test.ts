import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lambdaPermissionResources, loadLambdaRolePolicies } from '../../../../local/iam/lambda-roles';
import type { LocalResourceNames } from '../../../../local/iam/lambda-roles';
import { assertSupportedPolicy, evaluatePolicies, wildcardMatch } from '../../../../local/iam/policy';
import type { PolicyDocument } from '../../../../local/iam/policy';
import { multipartUploadKey } from '../../../../functions/lib/adapters/dynamodb-multipart-upload-records';
import { usageKey, utcMinute } from '../../../../functions/lib/usage-windows';
import { present } from '../../../support/present';

const names: LocalResourceNames = {
  region: 'us-east-1',
  accountId: '000000000000',
  namePrefix: 'videopipe',
  rawBucket: 'raw',
  playbackBucket: 'playback',
  tableName: 'videos',
  appsyncApiId: 'api0',
  consumerQueues: { 'process-upload': 'uploads', 'job-events': 'job-events' },
  uploadsQueue: 'uploads',
  playbackDistributionId: 'ELOCALPLAYBACK',
};
const policyDocument = (...statements: PolicyDocument['Statement']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});
const policy = (...statements: PolicyDocument['Statement']): PolicyDocument[] => [policyDocument(...statements)];

describe('evaluatePolicies', () => {
  test('wildcards: * spans ARN separators, ? is one character, actions ignore case, resources do not', () => {
    expect(wildcardMatch('arn:aws:s3:::raw/*', 'arn:aws:s3:::raw/a/b.mp4')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::raw/*', 'arn:aws:s3:::raw')).toBe(false);
    expect(wildcardMatch('jobs/1?3', 'jobs/123')).toBe(true);
    // The same pattern asked again, with and without case, answers each time for its own flags.
    expect(wildcardMatch('Jobs/*', 'jobs/1', true)).toBe(true);
    expect(wildcardMatch('Jobs/*', 'jobs/1')).toBe(false);
    expect(wildcardMatch('Jobs/*', 'jobs/1', true)).toBe(true);
    const allowGet = policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::Raw/*'] });
    expect(evaluatePolicies(allowGet, { action: 'S3:getobject', resource: 'arn:aws:s3:::Raw/k' })).toBe('allow');
    expect(evaluatePolicies(allowGet, { action: 's3:GetObject', resource: 'arn:aws:s3:::raw/k' })).toBe(
      'implicit-deny',
    );
  });

  test('an explicit Deny wins over an Allow; NotAction and NotResource invert the match', () => {
    const policies = policy(
      { Effect: 'Allow', NotAction: ['s3:DeleteObject'], Resource: ['*'] },
      { Effect: 'Deny', Action: ['s3:GetObject'], NotResource: ['arn:aws:s3:::raw/public/*'] },
    );
    expect(evaluatePolicies(policies, { action: 's3:GetObject', resource: 'arn:aws:s3:::raw/public/a' })).toBe('allow');
    expect(evaluatePolicies(policies, { action: 's3:GetObject', resource: 'arn:aws:s3:::raw/private/a' })).toBe(
      'explicit-deny',
    );
    expect(evaluatePolicies(policies, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::raw/public/a' })).toBe(
      'implicit-deny',
    );
  });

  test('conditions: keys are case-insensitive, a missing key fails StringEquals and passes ...IfExists and the negated operators', () => {
    const passRole = (operator: string) =>
      policy({
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: ['*'],
        Condition: { [operator]: { 'iam:PassedToService': ['mediaconvert.amazonaws.com'] } },
      });
    const request = (context?: Record<string, string>) => ({
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::000000000000:role/r',
      context,
    });
    expect(
      evaluatePolicies(passRole('StringEquals'), request({ 'IAM:PassedToService': 'mediaconvert.amazonaws.com' })),
    ).toBe('allow');
    expect(evaluatePolicies(passRole('StringEquals'), request({ 'iam:PassedToService': 'lambda.amazonaws.com' }))).toBe(
      'implicit-deny',
    );
    expect(evaluatePolicies(passRole('StringEquals'), request())).toBe('implicit-deny');
    expect(evaluatePolicies(passRole('StringEqualsIfExists'), request())).toBe('allow');
    expect(evaluatePolicies(passRole('StringNotEquals'), request())).toBe('allow');
    expect(
      evaluatePolicies(passRole('StringLike'), request({ 'iam:PassedToService': 'mediaconvert.amazonaws.com' })),
    ).toBe('allow');
  });

  test('a policy using what is not modelled is refused when loaded, never evaluated loosely', () => {
    const loading = (Condition: Record<string, Record<string, string[]>>) => () =>
      assertSupportedPolicy(policyDocument({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'], Condition }));
    expect(loading({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } })).toThrow(
      'The local IAM does not model the condition operator IpAddress.',
    );
    for (const operator of ['ForEachValue:StringEquals', 'ForAllValues:Bool', 'ForAnyValue:StringLikeIfExists'])
      expect(loading({ [operator]: { k: ['v'] } })).toThrow(
        `The local IAM does not model the set operator in condition ${operator}.`,
      );
  });

  describe('set operators over a multivalued key (dynamodb:LeadingKeys)', () => {
    const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/videos';
    const leadingKeys = (operator: string, patterns: string[]) =>
      policy({
        Effect: 'Allow',
        Action: ['dynamodb:PutItem'],
        Resource: [TABLE],
        Condition: { [operator]: { 'dynamodb:LeadingKeys': patterns } },
      });
    const put = (keys?: string[]) => ({
      action: 'dynamodb:PutItem',
      resource: TABLE,
      ...(keys ? { context: { 'dynamodb:LeadingKeys': keys } } : {}),
    });

    test('ForAllValues: every value must match one of the patterns', () => {
      const uploads = leadingKeys('ForAllValues:StringLike', ['upload#*']);
      expect(evaluatePolicies(uploads, put(['upload#01J']))).toBe('allow');
      expect(evaluatePolicies(uploads, put(['upload#01J', 'upload#01K']))).toBe('allow');
      expect(evaluatePolicies(uploads, put(['01JVIDEO']))).toBe('implicit-deny');
      expect(evaluatePolicies(uploads, put(['upload#01J', '01JVIDEO']))).toBe('implicit-deny');
      // A pattern's * is IAM's, not a prefix test: "upload#" must start the key.
      expect(evaluatePolicies(uploads, put(['x-upload#01J']))).toBe('implicit-deny');
      const exact = leadingKeys('ForAllValues:StringEquals', ['upload#01J', 'upload#01K']);
      expect(evaluatePolicies(exact, put(['upload#01K']))).toBe('allow');
      expect(evaluatePolicies(exact, put(['upload#01L']))).toBe('implicit-deny');
    });

    test('ForAllValues holds for a request with no value for the key (a Scan); ForAnyValue does not', () => {
      expect(evaluatePolicies(leadingKeys('ForAllValues:StringLike', ['upload#*']), put())).toBe('allow');
      expect(evaluatePolicies(leadingKeys('ForAllValues:StringLike', ['upload#*']), put([]))).toBe('allow');
      expect(evaluatePolicies(leadingKeys('ForAnyValue:StringLike', ['upload#*']), put())).toBe('implicit-deny');
    });

    test('ForAnyValue: one matching value is enough; the negated operators apply to each value', () => {
      const any = leadingKeys('ForAnyValue:StringLike', ['upload#*']);
      expect(evaluatePolicies(any, put(['01JVIDEO', 'upload#01J']))).toBe('allow');
      expect(evaluatePolicies(any, put(['01JVIDEO']))).toBe('implicit-deny');
      const noUploads = leadingKeys('ForAllValues:StringNotLike', ['upload#*']);
      expect(evaluatePolicies(noUploads, put(['01JVIDEO']))).toBe('allow');
      expect(evaluatePolicies(noUploads, put(['01JVIDEO', 'upload#01J']))).toBe('implicit-deny');
    });

    test('a single-valued operator on a multivalued key is not guessed at', () => {
      expect(() => evaluatePolicies(leadingKeys('StringLike', ['upload#*']), put(['upload#01J']))).toThrow(
        'The local IAM does not model StringLike on the multivalued key dynamodb:LeadingKeys: use ForAllValues or ForAnyValue.',
      );
      // Null only asks whether there is a value.
      expect(evaluatePolicies(leadingKeys('Null', ['false']), put(['upload#01J']))).toBe('allow');
      expect(evaluatePolicies(leadingKeys('Null', ['false']), put([]))).toBe('implicit-deny');
    });
  });
});

describe('the Lambda role policies (local/iam/lambda-roles.ts)', () => {
  test('know exactly the resource names terraform/iam.tf defines in local.lambda_permission_resources', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'terraform', 'iam.tf'), 'utf8');
    const start = text.indexOf('lambda_permission_resources = {');
    const block = text.slice(start, text.indexOf('\n  }\n', start));
    const terraformNames = [...block.matchAll(/^\s+([a-z][a-z0-9-]*)\s+=\s/gm)].map((match) => match[1]).sort();
    expect(Object.keys(lambdaPermissionResources(names, 'uploads')).sort()).toEqual(terraformNames);
  });

  test('are built as aws_iam_policy_document renders them: Sid Grant<index>, named resources as ARNs, condition blocks', () => {
    const policies = loadLambdaRolePolicies(names);
    expect(Object.keys(policies).sort()).toEqual(['job-events', 'process-upload', 'uploads', 'watchdog']);
    const processUpload = present(policies['process-upload'], "process-upload's role policy");
    const passRole = processUpload.Statement.find((statement) => statement.Action?.includes('iam:PassRole'));
    expect(passRole).toMatchObject({
      Effect: 'Allow',
      Resource: ['arn:aws:iam::000000000000:role/videopipe-mediaconvert'],
      Condition: { StringEquals: { 'iam:PassedToService': ['mediaconvert.amazonaws.com'] } },
    });
    expect(policies.watchdog?.Statement[0]).toEqual({
      Sid: 'Grant0',
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: ['arn:aws:dynamodb:us-east-1:000000000000:table/videos/index/processingDeadlines'],
    });
    const ownQueue = processUpload.Statement.find((statement) => statement.Action?.includes('sqs:ReceiveMessage'));
    expect(ownQueue?.Resource).toEqual(['arn:aws:sqs:us-east-1:000000000000:uploads']);
  });

  test('the uploads role writes only its own items of the videos table, by the keys its code makes; it reads any', () => {
    const uploads = [present(loadLambdaRolePolicies(names).uploads, "uploads' role policy")];
    const table = 'arn:aws:dynamodb:us-east-1:000000000000:table/videos';
    const videoId = '01JTESTVIDEO0000000000000A';
    const ask = (action: string, key: string) =>
      evaluatePolicies(uploads, { action, resource: table, context: { 'dynamodb:LeadingKeys': [key] } });
    const record = multipartUploadKey(videoId);
    const counter = usageKey('upload-tickets', 'user-1', utcMinute(Date.parse('2026-12-02T10:15:30Z')));

    expect([ask('dynamodb:PutItem', record), ask('dynamodb:DeleteItem', record)]).toEqual(['allow', 'allow']);
    expect(ask('dynamodb:UpdateItem', counter)).toBe('allow');
    // A video item, or another Lambda's counter, is not the uploads role's to write.
    for (const action of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'])
      expect({ action, decision: ask(action, videoId) }).toEqual({ action, decision: 'implicit-deny' });
    expect(ask('dynamodb:UpdateItem', usageKey('output-minutes', 'user-1', utcMinute(0)))).toBe('implicit-deny');
    expect(ask('dynamodb:PutItem', counter)).toBe('implicit-deny');
    // Reading a video's owner (createVideo's check) and its own items stays open.
    expect([ask('dynamodb:GetItem', videoId), ask('dynamodb:GetItem', record)]).toEqual(['allow', 'allow']);
  });
});
