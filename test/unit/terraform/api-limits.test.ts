// The GraphQL API's abuse limits as Terraform deploys them: the same defaults the local AppSync
// enforces (local/appsync/api-limits.ts), and the WAF rate rule in front of the API.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_LIMITS } from '../../../local/appsync/api-limits';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import type { HclBody } from '../../../scripts/terraform/hcl-source';

const terraformDir = path.resolve(__dirname, '..', '..', '..', 'terraform');

async function parse(file: string): Promise<HclBody> {
  return parseHcl(file, readFileSync(path.join(terraformDir, file), 'utf8'));
}

async function resources(file: string): Promise<Record<string, Record<string, HclBody[]>>> {
  return (await parse(file)).resource as unknown as Record<string, Record<string, HclBody[]>>;
}

async function variableDefault(name: string): Promise<unknown> {
  const variables = (await parse('variables.tf')).variable as unknown as Record<string, HclBody[]>;
  return variables[name]?.[0]?.default;
}

describe('the GraphQL API limits', () => {
  test('are set on the API from variables whose defaults are the local AppSync`s', async () => {
    // Prepare
    const [api] = (await resources('appsync.tf')).aws_appsync_graphql_api?.api ?? [];

    // Assess
    expect(api).toMatchObject({
      query_depth_limit: '${var.api_query_depth_limit}',
      resolver_count_limit: '${var.api_resolver_count_limit}',
      introspection_config: '${var.api_introspection}',
    });
    expect({
      queryDepthLimit: await variableDefault('api_query_depth_limit'),
      resolverCountLimit: await variableDefault('api_resolver_count_limit'),
      introspection: await variableDefault('api_introspection'),
    }).toEqual(DEFAULT_API_LIMITS);
  });
});

describe('the API`s web ACL', () => {
  test('blocks an IP address past the rate limit, on by default and switched off as a whole', async () => {
    // Prepare
    const waf = await resources('waf.tf');
    const [acl] = waf.aws_wafv2_web_acl?.api ?? [];
    const [association] = waf.aws_wafv2_web_acl_association?.api ?? [];
    const [rule] = (acl?.rule ?? []) as HclBody[];

    // Assess
    expect(acl).toMatchObject({
      count: '${var.api_waf_enabled ? 1 : 0}',
      name: '${var.name_prefix}-api',
      scope: 'REGIONAL',
      default_action: [{ allow: [{}] }],
    });
    expect(rule).toMatchObject({
      action: [{ block: [{}] }],
      statement: [{ rate_based_statement: [{ limit: '${var.api_waf_rate_limit}', aggregate_key_type: 'IP' }] }],
    });
    expect(association).toEqual({
      count: '${var.api_waf_enabled ? 1 : 0}',
      resource_arn: '${aws_appsync_graphql_api.api.arn}',
      web_acl_arn: '${aws_wafv2_web_acl.api[0].arn}',
    });
    expect(await variableDefault('api_waf_enabled')).toBe(true);
    expect(await variableDefault('api_waf_rate_limit')).toBe(1000);
  });

  test('does not count the pipeline`s SigV4-signed calls', async () => {
    // Prepare
    const [acl] = (await resources('waf.tf')).aws_wafv2_web_acl?.api ?? [];
    const [rule] = (acl?.rule ?? []) as HclBody[];
    const [statement] = (rule?.statement ?? []) as HclBody[];
    const [rate] = (statement?.rate_based_statement ?? []) as HclBody[];

    // Assess
    expect(rate?.scope_down_statement).toEqual([
      {
        not_statement: [
          {
            statement: [
              {
                byte_match_statement: [
                  {
                    search_string: 'AWS4-HMAC-SHA256 ',
                    positional_constraint: 'STARTS_WITH',
                    field_to_match: [{ single_header: [{ name: 'authorization' }] }],
                    text_transformation: [{ priority: 0, type: 'NONE' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });
});
