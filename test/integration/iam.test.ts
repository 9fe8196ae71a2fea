import { randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CancelJobCommand, CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDbMultipartUploadRecords } from '../../functions/lib/adapters/dynamodb-multipart-upload-records';
import { DynamoDbUsageCounter } from '../../functions/lib/adapters/dynamodb-usage-counter';
import { usageKey, utcMinute } from '../../functions/lib/usage-windows';
import { testEndpoints } from '../support/endpoints';
import { graphql } from '../support/graphql-client';
import { postForm } from '../support/post-forms';
import { createUser } from '../support/users';

// Each Lambda's role, through the suite's local cloud: what terraform/lambda-permissions.json
// grants it works, anything else is refused with the service's own AccessDenied; root may do anything.

const endpoints = testEndpoints();
const ACCOUNT = '000000000000';
const REGION = endpoints.region;
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/videos`;
type Role = 'uploads' | 'process-upload' | 'job-events' | 'watchdog';

function keysOf(role: Role | 'root'): { accessKeyId: string; secretAccessKey: string } {
  if (role === 'root') return { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
  const keys = endpoints.roles[role];
  if (!keys)
    throw new Error(`endpoints.json holds no key pair for the ${role} role: the local cloud makes one per Lambda.`);
  return keys;
}
const callerArn = (role: Role) => `arn:aws:sts::${ACCOUNT}:assumed-role/videopipe-lambda-${role}/videopipe-${role}`;
const s3As = (role: Role | 'root') =>
  new S3Client({ endpoint: endpoints.s3Endpoint, region: REGION, forcePathStyle: true, credentials: keysOf(role) });
const dynamoAs = (role: Role | 'root') =>
  new DynamoDBClient({ endpoint: endpoints.dynamodbEndpoint, region: REGION, credentials: keysOf(role) });
const sqsAs = (role: Role | 'root') =>
  new SQSClient({ endpoint: endpoints.sqsEndpoint, region: REGION, credentials: keysOf(role) });
const cognitoAs = (role: Role | 'root') =>
  new CognitoIdentityProviderClient({
    endpoint: endpoints.cognitoEndpoint,
    region: REGION,
    credentials: keysOf(role),
    maxAttempts: 1,
  });
const mediaConvertAs = (role: Role | 'root') =>
  new MediaConvertClient({ endpoint: endpoints.mediaconvertEndpoint, region: REGION, credentials: keysOf(role) });
const denial = (role: Role, action: string, resource: string) =>
  `User: ${callerArn(role)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('endpoints.json', () => {
  test('lists a key pair per Lambda role, none of them the root pair', () => {
    expect(Object.keys(endpoints.roles).sort()).toEqual(['job-events', 'process-upload', 'uploads', 'watchdog']);
    for (const keys of Object.values(endpoints.roles)) {
      expect(keys.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(keys.accessKeyId).not.toBe(endpoints.accessKeyId);
    }
  });
});

describe('S3 under IAM', () => {
  const root = s3As('root');
  const key = `iam-${randomUUID()}`;
  beforeAll(async () => {
    await root.send(
      new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: key, Body: 'raw', Metadata: { 'user-id': 'u1' } }),
    );
    await root.send(
      new PutObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/index.m3u8`, Body: '#EXTM3U' }),
    );
  });
  afterAll(() => root.destroy());

  test('uploads may HeadObject the raw bucket: 200 for an upload, 404 (it has s3:ListBucket there) for a missing one', async () => {
    const s3 = s3As('uploads');
    expect((await s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: key }))).Metadata).toEqual({
      'user-id': 'u1',
    });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: `${key}-missing` })),
    ).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    s3.destroy();
  });

  test("a call outside the role is 403 AccessDenied with S3's sentence (the resource quoted)", async () => {
    const s3 = s3As('uploads');
    await expect(
      s3.send(new GetObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/index.m3u8` })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: denial('uploads', 's3:GetObject', `"arn:aws:s3:::${endpoints.playbackBucket}/${key}/index.m3u8"`),
      $metadata: { httpStatusCode: 403 },
    });
    s3.destroy();
    const watchdog = s3As('watchdog');
    await expect(
      watchdog.send(new PutObjectCommand({ Bucket: endpoints.rawBucket, Key: key, Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: denial('watchdog', 's3:PutObject', `"arn:aws:s3:::${endpoints.rawBucket}/${key}"`),
    });
    // HEAD answers carry no body: only the status says it.
    await expect(watchdog.send(new HeadObjectCommand({ Bucket: endpoints.rawBucket, Key: key }))).rejects.toMatchObject(
      { $metadata: { httpStatusCode: 403 } },
    );
    watchdog.destroy();
  });

  test('job-events reads playback objects; a missing one is 404 because it may list the playback bucket', async () => {
    const s3 = s3As('job-events');
    const object = await s3.send(new GetObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/index.m3u8` }));
    expect(await object.Body?.transformToString()).toBe('#EXTM3U');
    await expect(
      s3.send(new GetObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/missing.m3u8` })),
    ).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    s3.destroy();
  });

  test("a presigned GET acts with its signer: process-upload's works, uploads' on playback is refused", async () => {
    const processUpload = s3As('process-upload');
    const allowed = await fetch(
      await getSignedUrl(processUpload, new GetObjectCommand({ Bucket: endpoints.rawBucket, Key: key }), {
        expiresIn: 60,
      }),
    );
    expect([allowed.status, await allowed.text()]).toEqual([200, 'raw']);
    processUpload.destroy();
    const uploads = s3As('uploads');
    const refused = await fetch(
      await getSignedUrl(
        uploads,
        new GetObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/index.m3u8` }),
        { expiresIn: 60 },
      ),
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(
      `<Code>AccessDenied</Code><Message>${denial('uploads', 's3:GetObject', `&quot;arn:aws:s3:::${endpoints.playbackBucket}/${key}/index.m3u8&quot;`)}</Message>`,
    );
    uploads.destroy();
  });

  test('a POST policy acts with its signer: uploads may post to the raw bucket, watchdog may not', async () => {
    const post = async (role: Role, postKey: string) => {
      const s3 = s3As(role);
      const { url, fields } = await createPresignedPost(s3, {
        Bucket: endpoints.rawBucket,
        Key: postKey,
        Conditions: [['content-length-range', 1, 1000]],
        Expires: 60,
      });
      s3.destroy();
      return postForm(url, fields);
    };
    expect((await post('uploads', `${key}-posted`)).status).toBe(204);
    const refused = await post('watchdog', `${key}-refused`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain(
      `<Message>${denial('watchdog', 's3:PutObject', `&quot;arn:aws:s3:::${endpoints.rawBucket}/${key}-refused&quot;`)}</Message>`,
    );
    await root.send(new DeleteObjectCommand({ Bucket: endpoints.rawBucket, Key: `${key}-posted` }));
  });

  test('root may do anything, and a missing key is 404 to it', async () => {
    await expect(
      root.send(new HeadObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/missing` })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await root.send(new DeleteObjectCommand({ Bucket: endpoints.playbackBucket, Key: `${key}/index.m3u8` }));
  });
});

describe('DynamoDB under IAM', () => {
  const id = `iam-${randomUUID()}`;

  test("a granted action works; another is 400 AccessDeniedException with IAM's sentence", async () => {
    const root = dynamoAs('root');
    await root.send(new PutItemCommand({ TableName: 'videos', Item: { id: { S: id }, status: { S: 'PROCESSING' } } }));
    root.destroy();
    const uploads = dynamoAs('uploads');
    expect(
      (await uploads.send(new GetItemCommand({ TableName: 'videos', Key: { id: { S: id } } }))).Item?.status,
    ).toEqual({ S: 'PROCESSING' });
    // uploads may write its own items (multipart upload records, ticket counters) but never reads the whole table.
    await expect(uploads.send(new ScanCommand({ TableName: 'videos', Limit: 1 }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: denial('uploads', 'dynamodb:Scan', TABLE_ARN),
      $metadata: { httpStatusCode: 400 },
    });
    uploads.destroy();
  });

  test("uploads writes only its own items, by their keys (dynamodb:LeadingKeys): a video's item is refused with IAM's sentence", async () => {
    // Prepare: a video's item, and the role's own code on the role's credentials.
    const videoId = `iam-${randomUUID()}`;
    const root = dynamoAs('root');
    await root.send(
      new PutItemCommand({ TableName: 'videos', Item: { id: { S: videoId }, status: { S: 'PROCESSING' } } }),
    );
    const uploads = dynamoAs('uploads');
    const records = new DynamoDbMultipartUploadRecords(DynamoDBDocumentClient.from(uploads), 'videos');
    const counter = new DynamoDbUsageCounter(DynamoDBDocumentClient.from(uploads), 'videos');
    const now = Date.now();

    // Act + Assess: its upload# record and its ticket counter, as functions/uploads writes them.
    const record = {
      videoId,
      ownerSub: 'u1',
      uploadId: 'upload-1',
      contentType: 'video/mp4',
      size: 4,
      partSize: 8 * 1024 * 1024,
      partCount: 1,
      startedAt: new Date(now).toISOString(),
      expiresAtEpochSeconds: Math.floor(now / 1000) + 3600,
    };
    await records.create(record);
    expect(await records.get(videoId)).toEqual(record);
    await records.delete(videoId);
    expect(await records.get(videoId)).toBeNull();
    const tickets = { key: usageKey('upload-tickets', videoId, utcMinute(now)), limit: 5, expiresAtEpochSeconds: 0 };
    expect(await counter.add({ ...tickets, amount: 1 })).toEqual({ counted: true, total: 1 });

    // The same writes on the video's own item: refused, as AWS refuses a condition that does not hold.
    const videoKey = { id: { S: videoId } };
    const refused: Array<[string, Promise<unknown>]> = [
      [
        'dynamodb:PutItem',
        uploads.send(new PutItemCommand({ TableName: 'videos', Item: { ...videoKey, title: { S: 'x' } } })),
      ],
      ['dynamodb:DeleteItem', uploads.send(new DeleteItemCommand({ TableName: 'videos', Key: videoKey }))],
      [
        'dynamodb:UpdateItem',
        uploads.send(
          new UpdateItemCommand({
            TableName: 'videos',
            Key: videoKey,
            UpdateExpression: 'SET #status = :done',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':done': { S: 'DONE' } },
          }),
        ),
      ],
    ];
    for (const [action, call] of refused)
      await expect(call).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: denial('uploads', action, TABLE_ARN),
        $metadata: { httpStatusCode: 400 },
      });
    expect(
      (await root.send(new GetItemCommand({ TableName: 'videos', Key: videoKey, ConsistentRead: true }))).Item,
    ).toEqual({
      ...videoKey,
      status: { S: 'PROCESSING' },
    });
    root.destroy();
    uploads.destroy();
  });

  test('Query is authorized on the index it reads: watchdog may query processingDeadlines, not the table or byOwner', async () => {
    const watchdog = dynamoAs('watchdog');
    const deadlines = await watchdog.send(
      new QueryCommand({
        TableName: 'videos',
        IndexName: 'processingDeadlines',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'NO-SUCH-STATUS' } },
      }),
    );
    expect(deadlines.Items).toEqual([]);
    await expect(
      watchdog.send(
        new QueryCommand({
          TableName: 'videos',
          IndexName: 'byOwner',
          KeyConditionExpression: 'userId = :u',
          ExpressionAttributeValues: { ':u': { S: 'u1' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: denial('watchdog', 'dynamodb:Query', `${TABLE_ARN}/index/byOwner`),
    });
    await expect(
      watchdog.send(
        new QueryCommand({
          TableName: 'videos',
          KeyConditionExpression: 'id = :i',
          ExpressionAttributeValues: { ':i': { S: id } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: denial('watchdog', 'dynamodb:Query', TABLE_ARN),
    });
    watchdog.destroy();
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    const stranger = new DynamoDBClient({
      endpoint: endpoints.dynamodbEndpoint,
      region: REGION,
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
    });
    await expect(
      stranger.send(new GetItemCommand({ TableName: 'videos', Key: { id: { S: id } } })),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    stranger.destroy();
  });
});

describe('Cognito under IAM', () => {
  const poolArn = () => `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${endpoints.userPoolId}`;

  test("no Lambda role is granted the Admin* operations: each is 400 AccessDeniedException with IAM's sentence", async () => {
    const user = await createUser(endpoints, 'cognito-iam');
    const Username = user.email;
    const UserPoolId = endpoints.userPoolId;
    const roles: Role[] = ['uploads', 'process-upload', 'job-events', 'watchdog'];
    for (const role of roles) {
      const cognito = cognitoAs(role);
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['AdminGetUser', () => cognito.send(new AdminGetUserCommand({ UserPoolId, Username }))],
        ['AdminDeleteUser', () => cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username }))],
        ['AdminConfirmSignUp', () => cognito.send(new AdminConfirmSignUpCommand({ UserPoolId, Username }))],
      ];
      for (const [operation, call] of calls) {
        await expect(call()).rejects.toMatchObject({
          name: 'AccessDeniedException',
          message: denial(role, `cognito-idp:${operation}`, poolArn()),
          $metadata: { httpStatusCode: 400 },
        });
      }
      cognito.destroy();
    }
    // Nothing happened to the user; root, which may do anything, still reads it.
    const root = cognitoAs('root');
    expect(await root.send(new AdminGetUserCommand({ UserPoolId, Username }))).toMatchObject({
      UserStatus: 'CONFIRMED',
      UserAttributes: expect.arrayContaining([{ Name: 'email', Value: Username }]),
    });
    root.destroy();
  });
});

describe('SQS under IAM', () => {
  const queueUrl = (name: string) => `${endpoints.sqsEndpoint}/${ACCOUNT}/${name}`;

  test("process-upload may read its own queue's attributes (the event source mapping's grant), not send to it", async () => {
    const sqs = sqsAs('process-upload');
    expect(
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('uploads'), AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn,
    ).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:uploads`);
    const resource = `arn:aws:sqs:${REGION}:${ACCOUNT}:uploads`;
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('uploads'), MessageBody: '{}' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${callerArn('process-upload')} is not authorized to perform: sqs:sendmessage on resource: ${resource} because no identity-based policy allows the sqs:sendmessage action`,
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('job-events'), AttributeNames: ['QueueArn'] })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    sqs.destroy();
  });

  test('uploads may send to the uploads queue (its registration notices) and to no other', async () => {
    const sqs = sqsAs('uploads');
    // A notice for a video that does not exist: process-upload reads the record and does nothing.
    const notice = JSON.stringify({ type: 'video-registered', videoId: '01JB8Z6Q3M4N5P6R7S8T9V0W1X' });
    expect(
      (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('uploads'), MessageBody: notice }))).MessageId,
    ).toEqual(expect.any(String));
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('uploads-dlq'), MessageBody: notice })),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    sqs.destroy();
  });

  test('the denial is SQS\'s JSON: 403, AccessDenied in x-amzn-query-error, the sentence in "Message"', async () => {
    const url = new URL(endpoints.sqsEndpoint);
    // uploads sends its registration notices to the uploads queue, never to job-events.
    const body = JSON.stringify({ QueueUrl: queueUrl('job-events'), MessageBody: '{}' });
    const signer = new SignatureV4({
      credentials: keysOf('uploads'),
      region: REGION,
      service: 'sqs',
      sha256: Sha256,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.SendMessage',
        },
        body,
      }),
    );
    const response = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    expect([response.status, response.headers.get('x-amzn-query-error'), await response.json()]).toEqual([
      403,
      'AccessDenied;Sender',
      {
        __type: 'com.amazon.coral.service#AccessDeniedException',
        Message: `User: ${callerArn('uploads')} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:${REGION}:${ACCOUNT}:job-events because no identity-based policy allows the sqs:sendmessage action`,
      },
    ]);
  });
});

describe('MediaConvert under IAM', () => {
  const mediaConvertRole = `arn:aws:iam::${ACCOUNT}:role/videopipe-mediaconvert`;
  const emptySettings = { Inputs: [], OutputGroups: [] };

  test('process-upload passes IAM for CreateJob with the MediaConvert role (the empty settings are then refused as invalid)', async () => {
    const client = mediaConvertAs('process-upload');
    await expect(
      client.send(new CreateJobCommand({ Role: mediaConvertRole, Settings: emptySettings })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    client.destroy();
  });

  test('passing another role is iam:PassRole denied; a role without CreateJob is denied CreateJob', async () => {
    const client = mediaConvertAs('process-upload');
    const otherRole = `arn:aws:iam::${ACCOUNT}:role/videopipe-admin`;
    await expect(client.send(new CreateJobCommand({ Role: otherRole, Settings: emptySettings }))).rejects.toMatchObject(
      {
        name: 'AccessDeniedException',
        message: denial('process-upload', 'iam:PassRole', otherRole),
        $metadata: { httpStatusCode: 403 },
      },
    );
    client.destroy();
    const jobEvents = mediaConvertAs('job-events');
    await expect(
      jobEvents.send(new CreateJobCommand({ Role: mediaConvertRole, Settings: emptySettings })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: denial('job-events', 'mediaconvert:CreateJob', `arn:aws:mediaconvert:${REGION}:${ACCOUNT}:jobs/*`),
    });
    jobEvents.destroy();
  });

  test('CancelJob: watchdog and uploads (deleteVideo) pass IAM (the job then does not exist); process-upload is denied', async () => {
    for (const role of ['watchdog', 'uploads'] as const) {
      const client = mediaConvertAs(role);
      await expect(client.send(new CancelJobCommand({ Id: '1700000000000-nosuch' }))).rejects.toMatchObject({
        name: 'NotFoundException',
      });
      client.destroy();
    }
    const processUpload = mediaConvertAs('process-upload');
    await expect(processUpload.send(new CancelJobCommand({ Id: '1700000000000-nosuch' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: denial(
        'process-upload',
        'mediaconvert:CancelJob',
        `arn:aws:mediaconvert:${REGION}:${ACCOUNT}:jobs/1700000000000-nosuch`,
      ),
    });
    processUpload.destroy();
  });
});

describe('AppSync IAM mode under IAM', () => {
  const PUBLISH = 'mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id status } }';
  const input = { id: 'iam-v1', userId: 'u1', status: 'PROCESSING', progress: 5, updatedAt: new Date().toISOString() };

  test('job-events may call publishVideoStatus; uploads (no appsync:GraphQL) is refused whole: 401 Permission denied', async () => {
    const allowed = await graphql(endpoints, { mode: 'iam', ...keysOf('job-events') }, PUBLISH, { input });
    expect([allowed.status, allowed.data]).toEqual([
      200,
      { publishVideoStatus: { id: 'iam-v1', status: 'PROCESSING' } },
    ]);
    const refused = await graphql(endpoints, { mode: 'iam', ...keysOf('uploads') }, PUBLISH, { input });
    expect([refused.status, refused.errors]).toEqual([
      401,
      [{ errorType: 'UnauthorizedException', message: 'Permission denied' }],
    ]);
  });

  test('a field the role is not granted is refused even beside one it is', async () => {
    const both = `mutation P($input: PublishVideoStatusInput!) { publishVideoStatus(input: $input) { id } deleteVideo(id: "x") { id } }`;
    const refused = await graphql(endpoints, { mode: 'iam', ...keysOf('job-events') }, both, { input });
    expect([refused.status, refused.errors?.[0]?.message]).toEqual([401, 'Permission denied']);
    // Root may call any field its auth directives let IAM reach.
    expect((await graphql(endpoints, { mode: 'iam' }, PUBLISH, { input })).status).toBe(200);
  });
});
