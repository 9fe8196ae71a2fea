import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkTerraform } from '../../../scripts/terraform/checker';
import { formatDiagnostic } from '../../../scripts/terraform/hcl-source';
import { buildFfprobeLayer, LAYER_DIR } from '../../../scripts/layer/build-ffprobe';
import { loadProviderSchemas, SCHEMA_FILE } from '../../../scripts/terraform/provider-schema';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'terraform');
const schemas = loadProviderSchemas();

async function problems(fixture: string): Promise<string[]> {
  const { diagnostics } = await checkTerraform({ dir: path.join(fixtures, fixture), relativeTo: root, schemas });
  return diagnostics.map(formatDiagnostic);
}

describe('the offline Terraform checker', () => {
  test('a valid module passes: for_each references, file() paths, fileset() paths of an unbuilt directory, a DescribeEndpoints-only "*" and a conditioned service principal', async () => {
    expect(await problems('valid')).toEqual([]);
  });

  test.each([
    [
      'typo-argument',
      [
        'test/fixtures/terraform/typo-argument/main.tf:3: aws_sqs_queue.jobs: unknown argument "visiblity_timeout_seconds" (did you mean "visibility_timeout_seconds"?)',
      ],
    ],
    [
      'missing-required',
      [
        'test/fixtures/terraform/missing-required/main.tf:1: aws_iam_role_policy.jobs: missing required argument "policy"',
      ],
    ],
    [
      'dangling-reference',
      [
        'test/fixtures/terraform/dangling-reference/main.tf:2: aws_sqs_queue.jobs: reference to undeclared variable "var.queue_name"',
        'test/fixtures/terraform/dangling-reference/main.tf:6: aws_sqs_queue_policy.jobs: reference to undeclared resource "aws_sqs_queue.job" (did you mean "aws_sqs_queue.jobs"?)',
        'test/fixtures/terraform/dangling-reference/main.tf:7: aws_sqs_queue_policy.jobs: aws_sqs_queue.jobs has no attribute "polcy" (did you mean "policy"?)',
        'test/fixtures/terraform/dangling-reference/main.tf:17: output.many_arn: aws_sqs_queue.many has for_each: refer to one instance, aws_sqs_queue.many[each.key].arn, or to them all (values(aws_sqs_queue.many))',
      ],
    ],
    [
      'wildcard-policy',
      [
        'test/fixtures/terraform/wildcard-policy/main.tf:2: data.aws_iam_policy_document.admin: wildcard action "s3:*": name the exact actions',
        expect.stringMatching(
          /^test\/fixtures\/terraform\/wildcard-policy\/main.tf:7: data.aws_iam_policy_document.admin: resource "\*" for dynamodb:GetItem: only mediaconvert:DescribeEndpoints/,
        ),
        'test/fixtures/terraform/wildcard-policy/main.tf:18: inline policy with a wildcard Action: name the exact actions (and prefer aws_iam_policy_document)',
      ],
    ],
    [
      'syntax-error',
      [expect.stringMatching(/^test\/fixtures\/terraform\/syntax-error\/main.tf:2: syntax error: Invalid expression/)],
    ],
    [
      'unformatted',
      [
        expect.stringMatching(
          /^test\/fixtures\/terraform\/unformatted\/main.tf:2: not formatted as terraform fmt would/,
        ),
      ],
    ],
    [
      'literal-type',
      [
        'test/fixtures/terraform/literal-type/main.tf:3: aws_sqs_queue.jobs: "visibility_timeout_seconds" must be a number, not string "thirty"',
        'test/fixtures/terraform/literal-type/main.tf:4: aws_sqs_queue.jobs: "fifo_queue" must be a bool, not string "maybe"',
        'test/fixtures/terraform/literal-type/main.tf:5: aws_sqs_queue.jobs: "tags" must be a map of string, not a list',
      ],
    ],
    [
      'missing-file',
      [
        expect.stringMatching(
          /main.tf:4: aws_appsync_graphql_api.api: file\("\$\{path.module\}\/schema.graphql"\): .*missing-file\/schema.graphql does not exist$/,
        ),
      ],
    ],
    [
      'fileset-path',
      [
        expect.stringMatching(
          /main.tf:9: aws_s3_object.index: source "\$\{local.site_dir\}\/index.html": .*fileset-path\/site-not-built\/index.html does not exist$/,
        ),
        expect.stringMatching(
          /main.tf:10: aws_s3_object.index: filemd5\("\$\{local.site_dir\}\/index.html"\): .*fileset-path\/site-not-built\/index.html does not exist$/,
        ),
      ],
    ],
    [
      'unknown-type',
      [
        'test/fixtures/terraform/unknown-type/main.tf:1: aws_sqs_queues.jobs: unknown resource type "aws_sqs_queues" (did you mean "aws_sqs_queue"?)',
      ],
    ],
    [
      'json-field',
      [
        'test/fixtures/terraform/json-field/main.tf:9: aws_sqs_queue.queue: no JSON file this module reads has a field "visibilityTimeout" (did you mean "visibilityTimeoutSeconds"?)',
      ],
    ],
    [
      'provider-pin',
      [
        expect.stringMatching(
          /^test\/fixtures\/terraform\/provider-pin\/main.tf:3: provider "aws" must be pinned to exactly "6.66.0"/,
        ),
      ],
    ],
  ])('%s fails with its messages', async (fixture, expected) => {
    // Prepare / Act
    const found = await problems(fixture);
    // Assess
    expect(found).toEqual(expected);
  });

  test("the product's terraform/ passes (after npm run build)", async () => {
    if (!existsSync(LAYER_DIR)) await buildFfprobeLayer();
    const { diagnostics, files } = await checkTerraform({
      dir: path.join(root, 'terraform'),
      relativeTo: root,
      schemas,
    });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(files.length).toBeGreaterThan(5);
  });

  test('npm run check:terraform exits 1 and prints file:line diagnostics', async () => {
    const run = promisify(execFile)(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/terraform/check.ts', 'test/fixtures/terraform/typo-argument'],
      { cwd: root },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'test/fixtures/terraform/typo-argument/main.tf:3: aws_sqs_queue.jobs: unknown argument',
      ),
    });
  });
});

describe('the committed provider schema', () => {
  test('is small and carries the pinned provider versions', () => {
    expect(statSync(SCHEMA_FILE).size).toBeLessThan(300 * 1024);
    expect(schemas.providers.aws).toMatchObject({ source: 'hashicorp/aws', version: '6.66.0' });
    expect(schemas.providers.archive).toMatchObject({ source: 'hashicorp/archive', version: '2.7.1' });
  });

  test('knows Terraform names that camelCase cannot give back (output_base64sha256) and computed attributes (uris)', () => {
    expect(schemas.providers.archive?.dataSources.archive_file?.c).toContain('output_base64sha256');
    expect(schemas.providers.aws?.resources.aws_appsync_graphql_api?.c).toEqual(
      expect.arrayContaining(['arn', 'uris']),
    );
    expect(schemas.providers.aws?.resources.aws_s3_bucket_cors_configuration?.r).toEqual(['bucket', 'cors_rule']);
  });
});
