import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_APPSYNC_API_ID, startAppSync } from './appsync';
import { startCognito } from './cognito';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from './lib/listen';
import { QueueService, createSqsApiHandler, loadQueueDefinitions } from './queues';
import { loadBucketDefinitions, startS3 } from './s3';
import { ensureTables, loadTableDefinitions, startDynamoDb } from './dynamodb';
import type { Endpoints } from './endpoints';
import { LambdaRuntime, lambdaBundlePath, layerFile } from './lambda';
import { loadOrCreateSettings } from './lib/local-settings';
import { startPlaybackDistribution } from './cloudfront';
import { buildLocalIam, lambdaRoleNames } from './iam';
import { EventBus, loadEventRules } from './events';
import { resolveFfmpegBinaries, startMediaConvert } from './mediaconvert';
import { loadOrCreateCertificate } from './tls';
import type { LocalPorts } from './ports';
import { LOCAL_MAX_UPLOAD_BYTES } from './upload-limit';
import { buildLocalClientConfig, startWebServer } from './web';

export interface LocalCloudOptions {
  dataDir: string;
  ports: LocalPorts;
  /** Sign-ups are confirmed at once (no code to type). */
  autoConfirm?: boolean;
  /** Jobs the local MediaConvert transcodes at once (VIDEOPIPE_MEDIACONVERT_CONCURRENCY). */
  mediaConvertConcurrency?: number;
  /** Scales StatusUpdateInterval locally; tests use 0.1 so short clips still report progress. */
  statusIntervalScale?: number;
  /** How often the watchdog Lambda runs (its EventBridge schedule on AWS); default 60 s. */
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

    // What the Lambdas get on AWS from Terraform, pointed at the local stand-ins.
    const commonEnv: Record<string, string> = {
      AWS_REGION: settings.region,
      AWS_ACCESS_KEY_ID: settings.accessKeyId,
      AWS_SECRET_ACCESS_KEY: settings.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      TABLE_NAME: 'videos',
      RAW_BUCKET: buckets.raw,
      PLAYBACK_BUCKET: buckets.playback,
    };
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
    const pipelineEnv = { ...commonEnv, APPSYNC_URL: appsync.graphqlUrl };
    const consumerTimeout = (name: string) =>
      queueDefinitions.find((queue) => queue.consumer?.function === name)?.consumer?.timeoutSeconds ?? 30;
    const lambdas = new LambdaRuntime({
      functions: {
        uploads: {
          bundle: lambdaBundlePath('uploads'),
          env: { ...commonEnv, MAX_UPLOAD_BYTES: String(LOCAL_MAX_UPLOAD_BYTES) },
          timeoutSeconds: 10,
        },
        'process-upload': {
          bundle: lambdaBundlePath('process-upload'),
          env: {
            ...pipelineEnv,
            AWS_ENDPOINT_URL_MEDIACONVERT: mediaconvert.endpoint,
            MEDIACONVERT_ROLE_ARN: `arn:aws:iam::${settings.accountId}:role/videopipe-mediaconvert`,
            // Terraform's values, read from the layer as Lambda mounts it: never the system's ffprobe.
            FFPROBE_PATH: layerFile('ffprobe', '/opt/bin/ffprobe'),
            FFPROBE_CA_FILE: layerFile('ffprobe', '/opt/etc/ssl/certs/ca-bundle.pem'),
          },
          timeoutSeconds: consumerTimeout('process-upload'),
        },
        'job-events': {
          bundle: lambdaBundlePath('job-events'),
          env: { ...pipelineEnv, PLAYBACK_BASE_URL: playbackBaseUrl },
          timeoutSeconds: consumerTimeout('job-events'),
        },
        watchdog: {
          bundle: lambdaBundlePath('watchdog'),
          env: { ...pipelineEnv, AWS_ENDPOINT_URL_MEDIACONVERT: mediaconvert.endpoint },
          timeoutSeconds: 60,
        },
      },
      // Each Lambda signs with its own role's key pair, not the root one in commonEnv.
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
    // The watchdog's schedule (rate(5 minutes) on AWS): a Scheduled Event, as EventBridge sends it.
    const watchdogTimer = setInterval(
      () => {
        const event = {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: settings.accountId,
          time: new Date().toISOString(),
          region: settings.region,
          resources: [`arn:aws:events:${settings.region}:${settings.accountId}:rule/videopipe-watchdog`],
          detail: {},
        };
        lambdas
          .invoke('watchdog', event)
          .catch((error: unknown) => options.log?.(`watchdog: ${(error as Error).message}`));
      },
      (options.watchdogIntervalSeconds ?? 60) * 1000,
    );
    watchdogTimer.unref();
    closers.push(async () => clearInterval(watchdogTimer));

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
