import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_CONFIG_KEYS } from '../../../common/client-config';
import type { Endpoints } from '../../../local/endpoints';
import { buildLocalClientConfig } from '../../../local/web/client-config';
import { parseHcl } from '../../../scripts/terraform/hcl-source';

const root = path.resolve(__dirname, '..', '..', '..');

// The one build of the client runs in both homes only if both config.json files carry the same keys.
describe('the client config of both homes', () => {
  test("Terraform's client_config and the dev server's /config.json have every key the client needs, and the same ones apart from the local user pool's endpoint and codes", async () => {
    // Prepare
    const outputs = await parseHcl('outputs.tf', readFileSync(path.join(root, 'terraform', 'outputs.tf'), 'utf8'));
    const locals = outputs.locals as Array<Record<string, Record<string, string>>>;
    const aws = locals.find((block) => block.client_config)?.client_config ?? {};
    const local = buildLocalClientConfig(
      {
        region: 'us-east-1',
        graphqlUrl: 'http://h/graphql',
        realtimeUrl: 'ws://h/graphql/realtime',
        cognitoEndpoint: 'http://c',
      } as Endpoints,
      { maxUploadBytes: 1, maxMultipartUploadBytes: 2 },
    );

    // Assess
    expect(Object.keys(aws).sort()).toEqual(
      Object.keys(local)
        .filter((key) => key !== 'userPoolEndpoint' && key !== 'codesInServerLog')
        .sort(),
    );
    for (const key of REQUIRED_CONFIG_KEYS) expect(Object.keys(aws)).toContain(key);
    // The password policy the sign-up form states comes from terraform/cognito.json in both homes.
    expect(aws.passwordPolicy).toBe('${local.cognito.passwordPolicy}');
    expect(local.passwordPolicy).toEqual(
      JSON.parse(readFileSync(path.join(root, 'terraform', 'cognito.json'), 'utf8')).passwordPolicy,
    );
  });
});
