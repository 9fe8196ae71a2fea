// Which AWS calls a Lambda handler's code makes, read from its own bundle: esbuild follows the
// imports from functions/<name>/handler.ts (through functions/lib and anything else it reaches),
// tree-shakes what the handler never uses, and leaves every package external so the output's
// import statements name the SDK symbol behind each `new XxxCommand(`.
import { build } from 'esbuild';
import path from 'node:path';
import { esbuildNodeTarget } from '../node-runtime';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** "<package> <export>", e.g. "@aws-sdk/client-s3 HeadObjectCommand". */
export type SdkCall = string;

/** The IAM actions each call needs (the Service Authorization Reference's answer for that API). */
export const CALL_ACTIONS: Record<SdkCall, string[]> = {
  '@aws-sdk/client-s3 GetObjectCommand': ['s3:GetObject'],
  // HeadObject is how code asks whether an object exists, and S3 answers a missing key with 404
  // only to a caller allowed s3:ListBucket on the bucket (403 AccessDenied otherwise).
  '@aws-sdk/client-s3 HeadObjectCommand': ['s3:GetObject', 's3:ListBucket'],
  '@aws-sdk/client-s3 PutObjectCommand': ['s3:PutObject'],
  // A copy reads its source and writes its destination (the metadata it sets is part of the write).
  '@aws-sdk/client-s3 CopyObjectCommand': ['s3:GetObject', 's3:PutObject'],
  '@aws-sdk/client-s3 DeleteObjectCommand': ['s3:DeleteObject'],
  // DeleteObjects is authorised per key as s3:DeleteObject.
  '@aws-sdk/client-s3 DeleteObjectsCommand': ['s3:DeleteObject'],
  '@aws-sdk/client-s3 ListObjectsV2Command': ['s3:ListBucket'],
  // Multipart uploads: starting, a part (a presigned UploadPart URL is checked against the
  // signer's s3:PutObject) and completing are all writes of the object.
  '@aws-sdk/client-s3 CreateMultipartUploadCommand': ['s3:PutObject'],
  '@aws-sdk/client-s3 UploadPartCommand': ['s3:PutObject'],
  '@aws-sdk/client-s3 CompleteMultipartUploadCommand': ['s3:PutObject'],
  '@aws-sdk/client-s3 ListPartsCommand': ['s3:ListMultipartUploadParts'],
  '@aws-sdk/client-s3 AbortMultipartUploadCommand': ['s3:AbortMultipartUpload'],
  // A presigned POST is signed with the Lambda's credentials: S3 checks s3:PutObject on them.
  '@aws-sdk/s3-presigned-post createPresignedPost': ['s3:PutObject'],
  '@aws-sdk/lib-dynamodb GetCommand': ['dynamodb:GetItem'],
  '@aws-sdk/lib-dynamodb PutCommand': ['dynamodb:PutItem'],
  '@aws-sdk/lib-dynamodb UpdateCommand': ['dynamodb:UpdateItem'],
  '@aws-sdk/lib-dynamodb DeleteCommand': ['dynamodb:DeleteItem'],
  '@aws-sdk/lib-dynamodb QueryCommand': ['dynamodb:Query'],
  '@aws-sdk/client-dynamodb GetItemCommand': ['dynamodb:GetItem'],
  '@aws-sdk/client-dynamodb PutItemCommand': ['dynamodb:PutItem'],
  '@aws-sdk/client-dynamodb UpdateItemCommand': ['dynamodb:UpdateItem'],
  '@aws-sdk/client-dynamodb QueryCommand': ['dynamodb:Query'],
  // CreateJob hands MediaConvert the job's Role: the caller must be allowed to pass it.
  '@aws-sdk/client-mediaconvert CreateJobCommand': ['mediaconvert:CreateJob', 'iam:PassRole'],
  '@aws-sdk/client-mediaconvert GetJobCommand': ['mediaconvert:GetJob'],
  '@aws-sdk/client-mediaconvert CancelJobCommand': ['mediaconvert:CancelJob'],
  '@aws-sdk/client-cloudfront CreateInvalidationCommand': ['cloudfront:CreateInvalidation'],
  '@aws-sdk/client-mediaconvert DescribeEndpointsCommand': ['mediaconvert:DescribeEndpoints'],
  '@aws-sdk/client-sqs SendMessageCommand': ['sqs:SendMessage'],
  // SigV4-signed GraphQL requests to AppSync's IAM mode (functions/lib/publish-status.ts).
  '@smithy/signature-v4 SignatureV4:appsync': ['appsync:GraphQL'],
};

/** What the Lambda service itself does with the function's role, with no SDK call in the code. */
export const RUNTIME_ACTIONS: Record<string, string[]> = {
  'cloudwatch-logs': ['logs:CreateLogStream', 'logs:PutLogEvents'],
  'sqs-event-source': ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
};

export interface HandlerCalls {
  /** Source files the bundle includes, relative to the repo. */
  sources: string[];
  calls: SdkCall[];
}

interface ImportedName {
  source: string;
  imported: string;
}

/** `import { A, B as C } from "pkg";` lines of an ESM bundle: local name -> what it is. */
export function importedNames(bundle: string): Map<string, ImportedName> {
  const names = new Map<string, ImportedName>();
  for (const [, specifiers, source] of bundle.matchAll(/^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";?$/gm)) {
    // Both groups are mandatory in the pattern.
    for (const part of specifiers!.split(',')) {
      const [imported, local] = part.trim().split(/\s+as\s+/);
      if (imported) names.set((local ?? imported).trim(), { source: source!, imported: imported.trim() });
    }
  }
  return names;
}

/** The calls an ESM bundle (packages external) makes: `new XxxCommand(`, presigned POSTs, SigV4 signers by service. */
export function callsInBundle(bundle: string): SdkCall[] {
  const names = importedNames(bundle);
  const calls = new Set<SdkCall>();
  for (const match of bundle.matchAll(/\bnew\s+([A-Za-z_$][\w$]*)\s*\(/g)) {
    const name = names.get(match[1]!);
    if (name?.imported.endsWith('Command') && name.source.startsWith('@aws-sdk/'))
      calls.add(`${name.source} ${name.imported}`);
    if (name?.imported === 'SignatureV4') {
      const service = /service:\s*"([\w-]+)"/.exec(bundle.slice(match.index, match.index + 400));
      calls.add(`${name.source} SignatureV4:${service ? service[1] : 'unknown'}`);
    }
  }
  for (const match of bundle.matchAll(/\b([A-Za-z_$][\w$]*)\s*\(/g)) {
    const name = names.get(match[1]!);
    if (name?.imported === 'createPresignedPost') calls.add(`${name.source} createPresignedPost`);
  }
  return [...calls].sort();
}

/** Bundles functions/<name>/handler.ts in memory (tree-shaken, packages external) and reads its calls. */
export async function handlerCalls(name: string, root = repoRoot): Promise<HandlerCalls> {
  const result = await build({
    entryPoints: [path.join(root, 'functions', name, 'handler.ts')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: esbuildNodeTarget(),
    packages: 'external',
    treeShaking: true,
    minify: false,
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const bundle = result.outputFiles.map((file) => file.text).join('\n');
  return { sources: Object.keys(result.metafile.inputs).sort(), calls: callsInBundle(bundle) };
}

/** @aws-appsync/utils/dynamodb helpers and the DynamoDB action each request needs. */
const APPSYNC_DYNAMODB_HELPERS: Record<string, string> = {
  get: 'GetItem',
  put: 'PutItem',
  update: 'UpdateItem',
  remove: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  sync: 'Sync',
};

/** The DynamoDB actions an APPSYNC_JS code file's requests need: ddb.* helpers and `operation: '...'` objects. */
export async function resolverDynamoDbActions(codeFile: string, root = repoRoot): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(root, codeFile)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const code = result.outputFiles.map((file) => file.text).join('\n');
  const actions = new Set<string>();
  const namespaces = [...code.matchAll(/import \* as (\w+) from "@aws-appsync\/utils\/dynamodb"/g)].map(
    (match) => match[1]!,
  );
  for (const namespace of namespaces) {
    for (const match of code.matchAll(new RegExp(`\\b${namespace}\\.(\\w+)\\(`, 'g'))) {
      const action = APPSYNC_DYNAMODB_HELPERS[match[1]!];
      if (action) actions.add(`dynamodb:${action}`);
    }
  }
  for (const [local, name] of importedNames(code)) {
    if (name.source !== '@aws-appsync/utils/dynamodb' || !APPSYNC_DYNAMODB_HELPERS[name.imported]) continue;
    if (new RegExp(`\\b${local}\\(`).test(code)) actions.add(`dynamodb:${APPSYNC_DYNAMODB_HELPERS[name.imported]}`);
  }
  // Lambda requests use operation: "Invoke"/"BatchInvoke"; everything else is a DynamoDB operation.
  for (const match of code.matchAll(/\boperation:\s*"(\w+)"/g))
    if (!/Invoke$/.test(match[1]!)) actions.add(`dynamodb:${match[1]}`);
  return [...actions].sort();
}
