// The buckets' lifecycle rules, as terraform/buckets.json gives them to Terraform (s3.tf) and to
// the local S3: the raw bucket's uploads expire, the playback bucket's objects never do, and both
// abort the multipart uploads nobody completed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import type { HclBody } from '../../../scripts/terraform/hcl-source';
import type { LifecycleRule } from '../../../local/s3/buckets';
import { loadBucketDefinitions } from '../../../local/s3/buckets';

const terraformDir = path.resolve(__dirname, '..', '..', '..', 'terraform');
const buckets = JSON.parse(readFileSync(path.join(terraformDir, 'buckets.json'), 'utf8')) as Record<
  string,
  { lifecycle?: LifecycleRule[] }
>;

describe('terraform/buckets.json lifecycle rules', () => {
  test('every rule has an action', () => {
    const rules = Object.values(buckets).flatMap((bucket) =>
      typeof bucket === 'object' ? (bucket.lifecycle ?? []) : [],
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules)
      expect([rule.expirationDays, rule.abortIncompleteMultipartUploadDays]).not.toEqual([undefined, undefined]);
  });

  test('the playback bucket aborts incomplete multipart uploads after a day and expires nothing: DONE videos play from it', () => {
    expect(buckets.playback?.lifecycle).toEqual([
      { id: 'abort-incomplete-multipart-uploads', prefix: '', abortIncompleteMultipartUploadDays: 1 },
    ]);
  });

  test('the raw bucket expires uploads after a day and aborts the parts of incomplete ones', () => {
    expect(buckets.raw?.lifecycle).toEqual([
      { id: 'expire-unregistered-uploads', prefix: '', expirationDays: 1, abortIncompleteMultipartUploadDays: 1 },
    ]);
  });

  test('the local S3 is given the same rules', () => {
    const loaded = loadBucketDefinitions({ raw: 'r', playback: 'p' }, []);
    expect(loaded.map((bucket) => bucket.lifecycle)).toEqual([buckets.raw?.lifecycle, buckets.playback?.lifecycle]);
  });
});

describe('terraform/s3.tf', () => {
  test('each rule gets an expiration and an abort_incomplete_multipart_upload block only when buckets.json sets it', async () => {
    // Prepare
    const text = readFileSync(path.join(terraformDir, 's3.tf'), 'utf8');
    const json = await parseHcl('s3.tf', text);
    const resources = json.resource as unknown as Record<string, Record<string, HclBody[]>>;
    const [configuration] = resources.aws_s3_bucket_lifecycle_configuration?.bucket ?? [];
    const dynamicBlocks = (body: HclBody | undefined) => (body?.dynamic ?? {}) as Record<string, HclBody[]>;
    const [rule] = dynamicBlocks(configuration).rule ?? [];
    const [content] = (rule?.content ?? []) as HclBody[];
    const actions = dynamicBlocks(content);

    // Assess
    expect(configuration?.for_each).toBe(
      '${{ for role, rules in local.lifecycle_rules : role => rules if length(rules) > 0 }}',
    );
    expect(Object.keys(actions).sort()).toEqual(['abort_incomplete_multipart_upload', 'expiration']);
    expect(actions.expiration).toEqual([
      {
        for_each: '${rule.value.expiration_days == null ? [] : [rule.value.expiration_days]}',
        content: [{ days: '${expiration.value}' }],
      },
    ]);
    expect(actions.abort_incomplete_multipart_upload).toEqual([
      {
        for_each:
          '${rule.value.abort_incomplete_multipart_upload_days == null ? [] : [rule.value.abort_incomplete_multipart_upload_days]}',
        content: [{ days_after_initiation: '${abort_incomplete_multipart_upload.value}' }],
      },
    ]);
    // No fixed action beside them: a rule without one in buckets.json gets none.
    expect(Object.keys(content ?? {}).sort()).toEqual(['dynamic', 'filter', 'id', 'status']);
    // The playback bucket's rules are among those applied.
    expect(text).toMatch(/for role in \["raw", "playback"\] : role => \[/);
  });
});
