import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lambdaPermissionResources, loadLambdaRolePolicies } from '../../../../local/iam/lambda-roles';
import type { LocalResourceNames } from '../../../../local/iam/lambda-roles';
import { assertSupportedPolicy, evaluatePolicies, wildcardMatch } from '../../../../local/iam/policy';
import type { PolicyDocument } from '../../../../local/iam/policy';
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
    expect(() =>
      assertSupportedPolicy(
        policyDocument({
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['*'],
          Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
        }),
      ),
    ).toThrow('The local IAM does not model the condition operator IpAddress.');
    expect(() =>
      assertSupportedPolicy(
        policyDocument({
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['*'],
          Condition: { 'ForAnyValue:StringEquals': { k: ['v'] } },
        }),
      ),
    ).toThrow(/set operator/);
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
});
