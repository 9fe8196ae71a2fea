// What the CloudFront distributions are given, read from terraform/ as the checker reads it: the
// same facts the local stand-ins take from the same files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import type { HclBody } from '../../../scripts/terraform/hcl-source';
import { loadLambdaPermissions } from '../../../scripts/terraform/lambda-permissions';

const terraformDir = path.resolve(__dirname, '..', '..', '..', 'terraform');

type Resources = Record<string, Record<string, HclBody[]>>;

async function resources(file: string): Promise<Resources> {
  const json = await parseHcl(file, readFileSync(path.join(terraformDir, file), 'utf8'));
  return json.resource as unknown as Resources;
}

/** The body of `resource "<type>" "<name>"` (hcl2json gives each block as a list of one body). */
function resourceBody(all: Resources, type: string, name: string): HclBody {
  const [body] = all[type]?.[name] ?? [];
  if (!body) throw new Error(`no resource "${type}" "${name}" in terraform/`);
  return body;
}

describe('the web distribution', () => {
  test('routes by the viewer-request function whose file the local web app runs, with no error page standing in for missing files', async () => {
    // Prepare
    const cloudfront = await resources('cloudfront.tf');
    const fn = resourceBody(cloudfront, 'aws_cloudfront_function', 'spa_routing');
    const web = resourceBody(cloudfront, 'aws_cloudfront_distribution', 'web');
    const [behaviour] = web.default_cache_behavior as HclBody[];

    // Assess
    expect(fn).toMatchObject({
      runtime: 'cloudfront-js-2.0',
      publish: true,
      code: '${file("${path.module}/cloudfront-functions/spa-routing.js")}',
    });
    expect(behaviour?.function_association).toEqual([
      { event_type: 'viewer-request', function_arn: '${aws_cloudfront_function.spa_routing.arn}' },
    ]);
    // The 403 -> /index.html error page turned a missing asset or config.json into the app's HTML.
    expect(web.custom_error_response).toBeUndefined();
  });
});

describe('the playback distribution', () => {
  test('sends its CORS headers through a response headers policy made from the table the local distribution reads', async () => {
    // Prepare
    const cloudfront = await resources('cloudfront.tf');
    const policy = resourceBody(cloudfront, 'aws_cloudfront_response_headers_policy', 'playback');
    const playback = resourceBody(cloudfront, 'aws_cloudfront_distribution', 'playback');
    const [behaviour] = playback.default_cache_behavior as HclBody[];
    const text = readFileSync(path.join(terraformDir, 'cloudfront.tf'), 'utf8');

    // Assess
    expect(behaviour?.response_headers_policy_id).toBe('${aws_cloudfront_response_headers_policy.playback.id}');
    expect(text).toContain('jsondecode(file("${path.module}/response-headers-policies.json")).playback.cors');
    expect(policy.cors_config).toEqual([
      {
        access_control_allow_credentials: '${local.playback_cors.allowCredentials}',
        access_control_max_age_sec: '${local.playback_cors.maxAgeSeconds}',
        origin_override: '${local.playback_cors.originOverride}',
        access_control_allow_origins: [{ items: '${local.playback_cors.allowOrigins}' }],
        access_control_allow_methods: [{ items: '${local.playback_cors.allowMethods}' }],
        access_control_allow_headers: [{ items: '${local.playback_cors.allowHeaders}' }],
        access_control_expose_headers: [{ items: '${local.playback_cors.exposeHeaders}' }],
      },
    ]);
  });
});

describe("a deleted video's cached playback files", () => {
  test('deleteVideo may invalidate the playback distribution and nothing else, and the uploads Lambda is told its id', async () => {
    // Prepare
    const iamText = readFileSync(path.join(terraformDir, 'iam.tf'), 'utf8');
    const lambdaText = readFileSync(path.join(terraformDir, 'lambda.tf'), 'utf8');
    const uploads = loadLambdaPermissions().uploads ?? [];
    const lambdas = JSON.parse(readFileSync(path.join(terraformDir, 'lambdas.json'), 'utf8')) as Record<
      string,
      { environment?: string[] }
    >;

    // Assess
    expect(iamText).toMatch(/^\s+playback-distribution\s+=\s+\[aws_cloudfront_distribution\.playback\.arn\]$/m);
    expect(lambdaText).toMatch(/^\s+PLAYBACK_DISTRIBUTION_ID\s+=\s+aws_cloudfront_distribution\.playback\.id$/m);
    expect(uploads.filter((statement) => statement.actions.some((action) => action.startsWith('cloudfront:')))).toEqual(
      [
        {
          calls: ['@aws-sdk/client-cloudfront CreateInvalidationCommand'],
          actions: ['cloudfront:CreateInvalidation'],
          resources: ['playback-distribution'],
        },
      ],
    );
    for (const [name, lambda] of Object.entries(lambdas)) {
      if (name === '$comment') continue;
      expect({ name, told: lambda.environment?.includes('PLAYBACK_DISTRIBUTION_ID') }).toEqual({
        name,
        told: name === 'uploads',
      });
    }
  });
});
