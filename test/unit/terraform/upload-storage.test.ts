// What Terraform gives the upload path (issue 14): the raw bucket notifies only for uploads, never
// for process-upload's own copies; MediaConvert reads only the accepted copies; the usage counters
// expire by TTL. Read from terraform/ as the checker reads it, beside the same files local/ reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXPIRY_ATTRIBUTE } from '../../../functions/lib/adapters/table-expiry';
import { ACCEPTED_PREFIX } from '../../../functions/lib/upload-keys';
import { loadBucketDefinitions } from '../../../local/s3/buckets';
import { matchingRules } from '../../../local/s3/event-notification';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import type { HclBody } from '../../../scripts/terraform/hcl-source';

const terraformDir = path.resolve(__dirname, '..', '..', '..', 'terraform');

function parsed(file: string): Promise<Record<string, unknown>> {
  return parseHcl(file, readFileSync(path.join(terraformDir, file), 'utf8'));
}

describe('the raw bucket', () => {
  const [raw] = loadBucketDefinitions({ raw: 'raw', playback: 'playback' }, []);

  test("notifies the uploads queue of a browser POST and a completed multipart upload, not of process-upload's copies", () => {
    const notifications = raw!.notifications;
    expect(notifications.map((rule) => rule.events)).toEqual([
      ['s3:ObjectCreated:Post', 's3:ObjectCreated:CompleteMultipartUpload'],
    ]);
    const fired = (eventName: string, key: string) =>
      matchingRules(notifications, eventName, key).map((rule) => rule.target);
    expect(fired('ObjectCreated:Post', '01JB8Z6Q3M4N5P6R7S8T9V0W1X')).toEqual(['uploads']);
    expect(fired('ObjectCreated:CompleteMultipartUpload', '01JB8Z6Q3M4N5P6R7S8T9V0W1X')).toEqual(['uploads']);
    expect(fired('ObjectCreated:Copy', `${ACCEPTED_PREFIX}01JB8Z6Q3M4N5P6R7S8T9V0W1X`)).toEqual([]);
    expect(fired('ObjectCreated:Put', '01JB8Z6Q3M4N5P6R7S8T9V0W1X')).toEqual([]);
  });

  test('expires what the pipeline leaves, uploads and accepted copies alike', () => {
    expect(raw!.lifecycle).toEqual([
      { id: 'expire-unregistered-uploads', prefix: '', expirationDays: 1, abortIncompleteMultipartUploadDays: 1 },
    ]);
  });
});

test('MediaConvert reads only the accepted copies, never the object at a ticket key', async () => {
  const iam = await parsed('iam.tf');
  const documents = (iam.data as Record<string, Record<string, HclBody[]>>)['aws_iam_policy_document'];
  const [mediaconvert] = documents!['mediaconvert']!;
  const reads = (mediaconvert!.statement as HclBody[]).filter((statement) =>
    (statement.actions as string[]).includes('s3:GetObject'),
  );
  expect(reads.map((statement) => statement.resources)).toEqual([[`\${aws_s3_bucket.raw.arn}/${ACCEPTED_PREFIX}*`]]);
});

test('the videos table expires the usage counters and multipart upload records by their expiry attribute', async () => {
  const table = JSON.parse(readFileSync(path.join(terraformDir, 'videos-table.json'), 'utf8')) as {
    TimeToLiveSpecification?: unknown;
  };
  expect(table.TimeToLiveSpecification).toEqual({ AttributeName: EXPIRY_ATTRIBUTE, Enabled: true });
  const resources = (await parsed('dynamodb.tf')).resource as Record<string, Record<string, HclBody[]>>;
  const [videos] = resources['aws_dynamodb_table']!['videos']!;
  expect(videos!.ttl).toEqual([
    {
      attribute_name: '${local.table_definition.TimeToLiveSpecification.AttributeName}',
      enabled: '${local.table_definition.TimeToLiveSpecification.Enabled}',
    },
  ]);
});
