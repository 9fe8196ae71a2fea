import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_APPSYNC_API_ID, startAppSync } from './appsync';
import { startCognito } from './cognito';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from './listen';
import { QueueService, loadQueueDefinitions } from './queues';
import { createSqsApiHandler } from './queues/sqs-api';
import { loadBucketDefinitions, startS3 } from './s3';
import { ensureTables, loadTableDefinitions, startDynamoDb } from './dynamodb';
import type { Endpoints } from './endpoints';
import { LambdaRuntime, buildFunctionDefinition, loadLambdaSettings } from './lambda';
import { loadOrCreateSettings } from './local-settings';
import { startPlaybackDistribution } from './cloudfront';
import { buildLocalIam, lambdaRoleNames, mediaConvertRoleArn } from './iam';
import { EventBus, loadEventRules, ratePeriodMs, startSchedule } from './events';
import { resolveFfmpegBinaries } from './ffmpeg-binaries';
import { startMediaConvert } from './mediaconvert';
import { loadOrCreateCertificate } from './tls';
import type { LocalPorts } from './ports';
import { LOCAL_MAX_UPLOAD_BYTES } from './upload-limit';
import { buildLocalClientConfig, startWebServer } from './web';
import type { LocalEnvironment } from './lambda';
import { localLambdaEnvironmentValues } from './lambda-environment';

export interface LocalCloudOptions {
  dataDir: string;
  ports: LocalPorts;
  /** Sign-ups are confirmed at once (no code to type). */
  autoConfirm?: boolean;
  /** Jobs the local MediaConvert transcodes at once (VIDEOPIPE_MEDIACONVERT_CONCURRENCY). */
  mediaConvertConcurrency?: number;
  /** Scales StatusUpdateInterval locally; tests use 0.1 so short clips still report progress. */
  statusIntervalScale?: number;
  /** How often the watchdog Lambda runs; default its schedule in terraform/lambdas.json, as on AWS. */
  watchdogIntervalSeconds?: number;
  /** The built web client the web app serves; default build/client. */
  webRoot?: string;
  log?: (line: string) => void;
}

export interface LocalCloud {
  endpoints: Endpoints;
  close(): Promise<void>;
}

/** Boots every local stand-in, wired like the AWS deployment, with state under dataDir. */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const settings = loadOrCreateSettings(dataDir, lambdaRoleNames());
  const credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
  const buckets = { raw: 'videopipe-raw', playback: 'videopipe-playback' };
  const queueDefinitions = loadQueueDefinitions();
  // IAM: the root key pair may do anything; each Lambda signs with its role's pair, held to the
  // policy terraform/iam.tf builds from terraform/lambda-permissions.json.
  const iam = buildLocalIam(settings, {
    region: settings.region,
    accountId: settings.accountId,
    namePrefix: 'videopipe',
    rawBucket: buckets.raw,
    playbackBucket: buckets.playback,
    tableName: 'videos',
    appsyncApiId: LOCAL_APPSYNC_API_ID,
    consumerQueues: Object.fromEntries(
      queueDefinitions.flatMap((queue) => (queue.consumer ? [[queue.consumer.function, queue.name]] : [])),
    ),
  });
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const dynamodb = await startDynamoDb({
      port: options.ports.dynamodb,
      dataDir: path.join(dataDir, 'dynamodb'),
      iam: { credentials: iam, region: settings.region },
    });
    closers.push(() => dynamodb.close());
    const dynamodbClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: settings.region, credentials });
    closers.push(async () => dynamodbClient.destroy());
    const tables = loadTableDefinitions();
    await ensureTables(dynamodbClient, tables);

    const cognito = await startCognito({
      port: options.ports.cognito,
      dataDir: path.join(dataDir, 'cognito'),
      region: settings.region,
      autoConfirm: options.autoConfirm,
      credentials: { ...credentials, accountId: settings.accountId },
      log: options.log,
    });
    closers.push(() => cognito.close());

    const queues = new QueueService(queueDefinitions, path.join(dataDir, 'queues'), {
      region: settings.region,
      accountId: settings.accountId,
      log: options.log,
    });
    closers.push(() => queues.close());
    let sqsEndpoint = '';
    const sqsApi = createSqsApiHandler({
      queues,
      credentials: iam,
      accountId: settings.accountId,
      region: settings.region,
      endpoint: () => sqsEndpoint,
    });
    const sqsServer = createServer((req, res) => void sqsApi(req, res));
    await listen(sqsServer, options.ports.sqs, '127.0.0.1', 'SQS');
    sqsEndpoint = `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}`;
    closers.push(() => closeServer(sqsServer));

    const bucketDefinitions = loadBucketDefinitions(buckets, ['*']);
    const s3 = await startS3({
      port: options.ports.s3,
      dataDir: path.join(dataDir, 's3'),
      credentials: iam,
      // The web app's origin is not fixed locally (Vite picks its port), so any origin may POST.
      buckets: bucketDefinitions,
      region: settings.region,
      // S3 -> SQS as the buckets' notification configuration says, after the object is durable.
      notify: (queue, event) => {
        queues.send(queue, JSON.stringify(event));
      },
    });
    closers.push(() => s3.close());
    // The playback bucket as viewers reach it on AWS: through the playback distribution, whose
    // response headers policy adds the CORS headers to every answer to a page (hls.js).
    const playbackDistribution = await startPlaybackDistribution({
      port: options.ports.playback,
      originUrl: `${s3.endpoint}/${buckets.playback}`,
    });
    closers.push(() => playbackDistribution.close());

    // EventBridge's default bus: rules from terraform/event-patterns/, targets are queues.
    const eventBus = new EventBus(
      loadEventRules(),
      { region: settings.region, accountId: settings.accountId },
      (target, event) => {
        queues.send(target, JSON.stringify(event));
      },
    );
    const binaries = resolveFfmpegBinaries();
    const mediaconvert = await startMediaConvert({
      port: options.ports.mediaconvert,
      dataDir: path.join(dataDir, 'mediaconvert'),
      region: settings.region,
      accountId: settings.accountId,
      credentials: { ...credentials, accountId: settings.accountId },
      iam,
      s3Endpoint: s3.endpoint,
      binaries,
      putEvents: (entries) => void eventBus.putEvents(entries),
      maxConcurrentJobs: options.mediaConvertConcurrency,
      statusIntervalScale: options.statusIntervalScale,
      log: options.log,
    });
    closers.push(() => mediaconvert.close());

    const certificate = await loadOrCreateCertificate(path.join(dataDir, 'tls'));
    // AppSync calls its Lambda data source only once requests arrive, after the runtime exists.
    const started: { lambdas?: LambdaRuntime } = {};
    const invoke = (name: string, event: unknown) => {
      if (!started.lambdas) throw new Error('The local Lambda runtime is not running.');
      return started.lambdas.invoke(name, event);
    };
    const appsync = await startAppSync({
      port: options.ports.appsync,
      tls: { port: options.ports.appsyncTls, key: certificate.key, cert: certificate.cert },
      apiKey: settings.apiKey,
      credentials: iam,
      apiId: LOCAL_APPSYNC_API_ID,
      region: settings.region,
      cognito: { userPoolId: cognito.userPoolId, jwks: cognito.jwks() as never },
      dynamodb: {
        client: dynamodbClient,
        tableNames: Object.fromEntries(tables.map((t) => [t.TableName, t.TableName])) as Record<string, string>,
      },
      lambdas: { uploads: async () => (event: unknown) => invoke('uploads', event) },
      log: options.log,
    });
    closers.push(() => appsync.close());

    // PLAYBACK_BASE_URL is the distribution's address on AWS too.
    const playbackBaseUrl = playbackDistribution.url;
    // The Lambdas of terraform/lambdas.json, each with its settings and its env vars pointed at the stand-ins.
    const lambdaSettings = loadLambdaSettings();
    const environment: LocalEnvironment = {
      values: localLambdaEnvironmentValues({
        tableName: 'videos',
        rawBucket: buckets.raw,
        playbackBucket: buckets.playback,
        maxUploadBytes: LOCAL_MAX_UPLOAD_BYTES,
        mediaConvertRoleArn: mediaConvertRoleArn({ accountId: settings.accountId, namePrefix: 'videopipe' }),
        appsyncUrl: appsync.graphqlUrl,
        playbackBaseUrl,
      }),
      // What Lambda gives every function itself, and the stand-ins' endpoints for the AWS SDK.
      shared: {
        AWS_REGION: settings.region,
        AWS_ACCESS_KEY_ID: settings.accessKeyId,
        AWS_SECRET_ACCESS_KEY: settings.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_MEDIACONVERT: mediaconvert.endpoint,
      },
    };
    const lambdas = new LambdaRuntime({
      functions: Object.fromEntries(
        lambdaSettings.map((lambda) => [lambda.name, buildFunctionDefinition(lambda, environment)]),
      ),
      // Each Lambda signs with its own role's key pair, not the root one in the shared env.
      roleCredentials: settings.roles,
      log: options.log,
    });
    started.lambdas = lambdas;
    closers.push(() => lambdas.close());
    // Event source mappings, as terraform/queues.json declares them for AWS.
    const consumers = queueDefinitions.flatMap((queue) =>
      queue.consumer
        ? [
            queues.consume(queue.name, {
              batchSize: queue.consumer.batchSize,
              maximumConcurrency: queue.consumer.maximumConcurrency,
              invoke: (event) => lambdas.invoke(queue.consumer?.function as string, event),
            }),
          ]
        : [],
    );
    closers.push(async () => {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    });
    // The schedules of terraform/lambdas.json (EventBridge rules on AWS): a Scheduled Event each period.
    for (const { name, schedule } of lambdaSettings) {
      if (!schedule) continue;
      const seconds = name === 'watchdog' ? options.watchdogIntervalSeconds : undefined;
      const stop = startSchedule({
        rule: `videopipe-${name}`,
        periodMs: seconds === undefined ? ratePeriodMs(schedule) : seconds * 1000,
        context: { region: settings.region, accountId: settings.accountId },
        target: (event) => {
          lambdas.invoke(name, event).catch((error: unknown) => options.log?.(`${name}: ${(error as Error).message}`));
        },
      });
      closers.push(async () => stop());
    }

    // The web app last: its /config.json is made from the endpoints of everything above.
    const running: { endpoints?: Endpoints } = {};
    const web = await startWebServer({
      port: options.ports.web,
      root: options.webRoot,
      clientConfig: () => {
        if (!running.endpoints) throw new Error('The local cloud is still starting.');
        return buildLocalClientConfig(running.endpoints, LOCAL_MAX_UPLOAD_BYTES);
      },
    });
    closers.push(() => web.close());

    running.endpoints = {
      region: settings.region,
      webUrl: web.url,
      graphqlUrl: appsync.graphqlUrl,
      realtimeUrl: appsync.realtimeUrl,
      graphqlHttpsUrl: appsync.graphqlHttpsUrl as string,
      realtimeWssUrl: appsync.realtimeWssUrl as string,
      caCertificateFile: certificate.certFile,
      apiKey: settings.apiKey,
      appsyncEndpoint: appsync.endpoint,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      cognitoEndpoint: cognito.endpoint,
      dynamodbEndpoint: dynamodb.endpoint,
      s3Endpoint: s3.endpoint,
      sqsEndpoint,
      mediaconvertEndpoint: mediaconvert.endpoint,
      rawBucket: buckets.raw,
      playbackBucket: buckets.playback,
      playbackBaseUrl,
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      roles: settings.roles,
    };
    return { endpoints: running.endpoints, close };
  } catch (error) {
    await close();
    throw error;
  }
}
