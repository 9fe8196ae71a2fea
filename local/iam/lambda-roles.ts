import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertSupportedPolicy } from './policy';
import type { PolicyDocument, PolicyStatement } from './policy';

// Each Lambda's role policy, built from terraform/lambda-permissions.json exactly as terraform/iam.tf
// builds it (one statement per entry, Sid Grant<index>, the named resources as ARNs, the condition
// blocks as they are), with the local account, region and resource names.

interface PermissionEntry {
  actions: string[];
  resources: string[];
  conditions?: Array<{ test: string; variable: string; values: string[] }>;
}

/** What the ARNs of local.lambda_permission_resources are made of, locally. */
export interface LocalResourceNames {
  region: string;
  accountId: string;
  /** var.name_prefix: role, function and log group names start with it. */
  namePrefix: string;
  rawBucket: string;
  playbackBucket: string;
  tableName: string;
  appsyncApiId: string;
  /** The queue each consumer Lambda polls (terraform/queues.json), by function name. */
  consumerQueues: Record<string, string>;
  /** The queue of uploads and registration notices (terraform: aws_sqs_queue.main["uploads"]). */
  uploadsQueue: string;
  /** The playback distribution's id (terraform: aws_cloudfront_distribution.playback.id). */
  playbackDistributionId: string;
}

/** local.lambda_permission_resources of terraform/iam.tf, for one function. */
export function lambdaPermissionResources(names: LocalResourceNames, functionName: string): Record<string, string[]> {
  const { region, accountId } = names;
  const table = `arn:aws:dynamodb:${region}:${accountId}:table/${names.tableName}`;
  const mediaconvert = `arn:aws:mediaconvert:${region}:${accountId}`;
  const queue = names.consumerQueues[functionName];
  return {
    'raw-objects': [`arn:aws:s3:::${names.rawBucket}/*`],
    'raw-accepted-objects': [`arn:aws:s3:::${names.rawBucket}/accepted/*`],
    'raw-bucket': [`arn:aws:s3:::${names.rawBucket}`],
    'playback-objects': [`arn:aws:s3:::${names.playbackBucket}/*`],
    'playback-bucket': [`arn:aws:s3:::${names.playbackBucket}`],
    'videos-table': [table],
    'deadlines-index': [`${table}/index/processingDeadlines`],
    'owner-index': [`${table}/index/byOwner`],
    'uploads-queue': [`arn:aws:sqs:${region}:${accountId}:${names.uploadsQueue}`],
    'mediaconvert-jobs': [`${mediaconvert}:jobs/*`, `${mediaconvert}:queues/Default`],
    'mediaconvert-job': [`${mediaconvert}:jobs/*`],
    'mediaconvert-role': [mediaConvertRoleArn(names)],
    'playback-distribution': [`arn:aws:cloudfront::${accountId}:distribution/${names.playbackDistributionId}`],
    'publish-video-status': [`${appsyncApiArn(names)}/types/Mutation/fields/publishVideoStatus`],
    'own-log-group': [
      `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${names.namePrefix}-${functionName}:*`,
    ],
    'own-queue': queue ? [`arn:aws:sqs:${region}:${accountId}:${queue}`] : [],
  };
}

export function mediaConvertRoleArn(names: Pick<LocalResourceNames, 'accountId' | 'namePrefix'>): string {
  return `arn:aws:iam::${names.accountId}:role/${names.namePrefix}-mediaconvert`;
}

export function appsyncApiArn(names: Pick<LocalResourceNames, 'region' | 'accountId' | 'appsyncApiId'>): string {
  return `arn:aws:appsync:${names.region}:${names.accountId}:apis/${names.appsyncApiId}`;
}

/** The caller ARN AWS names a Lambda by: its role (aws_iam_role.lambda) and, as session, the function name. */
export function lambdaSessionArn(
  names: Pick<LocalResourceNames, 'accountId' | 'namePrefix'>,
  functionName: string,
): string {
  return `arn:aws:sts::${names.accountId}:assumed-role/${names.namePrefix}-lambda-${functionName}/${names.namePrefix}-${functionName}`;
}

const PERMISSIONS_FILE = path.resolve(__dirname, '..', '..', 'terraform', 'lambda-permissions.json');

/** The Lambdas terraform/lambda-permissions.json gives a role. */
export function lambdaRoleNames(file = PERMISSIONS_FILE): string[] {
  return Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).filter((name) => !name.startsWith('$'));
}

/** Each Lambda's role policy document, as aws_iam_policy_document.lambda renders it. */
export function loadLambdaRolePolicies(
  names: LocalResourceNames,
  file = PERMISSIONS_FILE,
): Record<string, PolicyDocument> {
  const table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, PermissionEntry[] | string>;
  const policies: Record<string, PolicyDocument> = {};
  for (const [functionName, entries] of Object.entries(table)) {
    if (functionName.startsWith('$') || typeof entries === 'string') continue;
    const resources = lambdaPermissionResources(names, functionName);
    const statements = entries.map((entry, index): PolicyStatement => {
      const arns = entry.resources.flatMap((name) => {
        const found = resources[name];
        if (!found)
          throw new Error(
            `terraform/lambda-permissions.json: ${functionName} names the resource ${name}, which the local cloud does not know (add it to lambdaPermissionResources in local/iam/lambda-roles.ts as terraform/iam.tf defines it).`,
          );
        return found;
      });
      const statement: PolicyStatement = {
        Sid: `Grant${index}`,
        Effect: 'Allow',
        Action: entry.actions,
        Resource: arns,
      };
      if (entry.conditions?.length) {
        statement.Condition = {};
        for (const condition of entry.conditions) {
          statement.Condition[condition.test] = {
            ...statement.Condition[condition.test],
            [condition.variable]: condition.values,
          };
        }
      }
      return statement;
    });
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: statements };
    assertSupportedPolicy(policy);
    policies[functionName] = policy;
  }
  return policies;
}
