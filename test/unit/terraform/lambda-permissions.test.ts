import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import {
  handlerNames,
  lambdaPermissionDiagnostics,
  loadLambdaPermissions,
  queueConsumers,
} from '../../../scripts/terraform/lambda-permissions';
import {
  CALL_ACTIONS,
  callsInBundle,
  handlerCalls,
  repoRoot,
  RUNTIME_ACTIONS,
} from '../../../scripts/terraform/sdk-calls';

// terraform/lambda-permissions.json against the code: each Lambda role grants exactly the actions
// of the AWS calls its handler's bundle makes, plus what the Lambda service needs (logs, queue polling).

const permissions = loadLambdaPermissions();
const consumers = queueConsumers();
const union = (lists: string[][]): string[] => [...new Set(lists.flat())].sort();

/** The resource names local.lambda_permission_resources defines (its keys, read from the HCL text: the value is a for-expression). */
async function permissionResourceNames(): Promise<string[]> {
  const text = readFileSync(path.join(repoRoot, 'terraform', 'iam.tf'), 'utf8');
  const json = await parseHcl('iam.tf', text);
  expect(Object.assign({}, ...(json.locals as object[]))).toHaveProperty('lambda_permission_resources');
  const start = text.indexOf('lambda_permission_resources = {');
  const block = text.slice(start, text.indexOf('\n  }\n', start));
  return [...block.matchAll(/^\s+([a-z][a-z0-9-]*)\s+=\s/gm)].map((match) => match[1]!); // the pattern's one group
}

describe('terraform/lambda-permissions.json', () => {
  test("agrees with the handlers' code (what npm run check:terraform also reports)", async () => {
    expect(await lambdaPermissionDiagnostics()).toEqual([]);
  });

  test('has an entry for every Lambda and none for a Lambda that does not exist', () => {
    expect(Object.keys(permissions).sort()).toEqual(handlerNames());
  });

  describe.each(handlerNames())('%s', (name) => {
    let derived: string[];
    beforeAll(async () => {
      derived = (await handlerCalls(name)).calls;
    });

    test("lists exactly the AWS calls its handler's code makes", () => {
      expect(union((permissions[name] ?? []).map((statement) => statement.calls ?? []))).toEqual(derived);
    });

    test('every call it makes has known IAM actions (add new ones to CALL_ACTIONS in scripts/terraform/sdk-calls.ts)', () => {
      expect(derived.filter((call) => !CALL_ACTIONS[call])).toEqual([]);
    });

    test('grants each call the actions it needs, and nothing no call needs', () => {
      const statements = permissions[name] ?? [];
      for (const call of derived) {
        const granted = union(
          statements.filter((statement) => statement.calls?.includes(call)).map((statement) => statement.actions),
        );
        expect({ call, missing: (CALL_ACTIONS[call] ?? []).filter((action) => !granted.includes(action)) }).toEqual({
          call,
          missing: [],
        });
      }
      for (const statement of statements) {
        const needed = statement.runtime
          ? (RUNTIME_ACTIONS[statement.runtime] ?? [])
          : union((statement.calls ?? []).map((call) => CALL_ACTIONS[call] ?? []));
        expect({
          statement: statement.actions,
          extra: statement.actions.filter((action) => !needed.includes(action)),
        }).toEqual({ statement: statement.actions, extra: [] });
      }
    });

    test("has the Lambda service's own grants: logs always, queue polling only as a queue consumer", () => {
      const runtime = (permissions[name] ?? [])
        .flatMap((statement) => (statement.runtime ? [statement.runtime] : []))
        .sort();
      expect(runtime).toEqual(consumers.has(name) ? ['cloudwatch-logs', 'sqs-event-source'] : ['cloudwatch-logs']);
    });
  });

  test('names only resources terraform/iam.tf defines', async () => {
    const defined = await permissionResourceNames();
    const used = union(
      Object.values(permissions).flatMap((statements) => statements.map((statement) => statement.resources)),
    );
    expect(defined.length).toBeGreaterThan(0);
    expect(used.filter((resource) => !defined.includes(resource))).toEqual([]);
  });
});

describe('lambdaPermissionDiagnostics on a drifted copy', () => {
  let root: string;
  beforeAll(() => {
    // Prepare: a handler that sends PutObject and DeleteObject; grants that list GetObject instead.
    root = mkdtempSync(path.join(os.tmpdir(), 'videopipe-permissions-'));
    mkdirSync(path.join(root, 'functions', 'demo'), { recursive: true });
    mkdirSync(path.join(root, 'terraform'));
    writeFileSync(
      path.join(root, 'functions', 'demo', 'handler.ts'),
      [
        "import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';",
        'const s3 = new S3Client({});',
        "export async function handler(): Promise<void> { await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k' })); await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k' })); }",
      ].join('\n'),
    );
    writeFileSync(
      path.join(root, 'terraform', 'queues.json'),
      JSON.stringify({ jobs: { consumer: { function: 'demo' } } }),
    );
    writeFileSync(
      path.join(root, 'terraform', 'lambda-permissions.json'),
      JSON.stringify(
        {
          demo: [
            { calls: ['@aws-sdk/client-s3 GetObjectCommand'], actions: ['s3:GetObject'], resources: ['raw-objects'] },
            {
              calls: ['@aws-sdk/client-s3 PutObjectCommand'],
              actions: ['s3:PutObject', 's3:PutObjectAcl'],
              resources: ['raw-objects'],
            },
            {
              runtime: 'cloudwatch-logs',
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: ['own-log-group'],
            },
          ],
        },
        null,
        2,
      ),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('names each missing call, stale call, extra action and missing runtime grant', async () => {
    // Act
    const messages = (await lambdaPermissionDiagnostics(root)).map(
      (diagnostic) => `${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`,
    );
    // Assess
    expect(messages).toEqual([
      'terraform/lambda-permissions.json:2: demo: the handler calls @aws-sdk/client-s3 DeleteObjectCommand but no statement lists it',
      'terraform/lambda-permissions.json:2: demo: lists @aws-sdk/client-s3 GetObjectCommand, which the handler no longer calls',
      'terraform/lambda-permissions.json:2: demo: statement 1 grants s3:PutObjectAcl, which none of its calls need',
      'terraform/lambda-permissions.json:2: demo: runtime grants are cloudwatch-logs; a queue consumer needs cloudwatch-logs, sqs-event-source',
    ]);
  });
});

describe('callsInBundle', () => {
  test('names the package export behind each new XxxCommand(, renamed imports included, and SigV4 signers by service', () => {
    const bundle = [
      'import { GetObjectCommand as GetObjectCommand2, S3Client } from "@aws-sdk/client-s3";',
      'import { createPresignedPost } from "@aws-sdk/s3-presigned-post";',
      'import { SignatureV4 } from "@smithy/signature-v4";',
      'const s3 = new S3Client({});',
      'await s3.send(new GetObjectCommand2({ Bucket: "b", Key: "k" }));',
      'await createPresignedPost(s3, {});',
      'const signer = new SignatureV4({ credentials, region, service: "appsync", sha256 });',
    ].join('\n');
    expect(callsInBundle(bundle)).toEqual([
      '@aws-sdk/client-s3 GetObjectCommand',
      '@aws-sdk/s3-presigned-post createPresignedPost',
      '@smithy/signature-v4 SignatureV4:appsync',
    ]);
  });
});
