import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPoolSettings, POOL_SETTINGS_FILE } from '../../../local/cognito/pool-settings';
import { parseHcl } from '../../../scripts/terraform/hcl-source';

const root = path.resolve(__dirname, '..', '..', '..');

/** Every leaf of the table, as the Terraform expression that reads it (local.cognito.a.b). */
function leafReferences(value: unknown, prefix: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`\${${prefix}}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    key.startsWith('$') ? [] : leafReferences(child, `${prefix}.${key}`),
  );
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value as Record<string, unknown>).flatMap(stringsIn);
  return [];
}

// One table, two homes: terraform/cognito.tf must take every setting from cognito.json (a value
// written into the .tf file instead would drift from what the local pool enforces).
describe('terraform/cognito.json', () => {
  test('cognito.tf reads every setting of the table, and the local pool loads the same file', async () => {
    // Prepare
    const table = JSON.parse(readFileSync(path.join(root, 'terraform', 'cognito.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const hcl = await parseHcl('cognito.tf', readFileSync(path.join(root, 'terraform', 'cognito.tf'), 'utf8'));

    // Act
    const referenced = new Set(stringsIn(hcl.resource));

    // Assess
    const unread = leafReferences(table, 'local.cognito').filter((reference) => !referenced.has(reference));
    expect(unread).toEqual([]);
    expect(POOL_SETTINGS_FILE).toBe(path.join(root, 'terraform', 'cognito.json'));
    expect(loadPoolSettings()).toEqual({ passwordPolicy: table.passwordPolicy, appClient: table.appClient });
  });
});
