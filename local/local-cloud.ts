import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_APPSYNC_API_ID, startAppSync } from './appsync';
import { startCognito } from './cognito';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from './lib/listen';
import { createLocalServer } from './lib/local-server';
import { QueueService, answerSqsInternalError, createSqsApiHandler, loadQueueDefinitions } from './queues';
import { loadBucketDefinitions, startS3 } from './s3';
import { ensureTables, loadTableDefinitions, startDynamoDb } from './dynamodb';
import type { Endpoints } from './endpoints';
import { LambdaRuntime, buildFunctionDefinition, loadLambdaSettings } from './lambda';
import { loadOrCreateSettings } from './lib/local-settings';
import { LOCAL_PLAYBACK_DISTRIBUTION_ID, startCloudFrontApi, startPlaybackDistribution } from './cloudfront';
import { buildLocalIam, lambdaRoleNames, mediaConvertRoleArn } from './iam';
import { EventBus, loadEventRules, ratePeriodMs, startSchedule } from './events';
import { resolveFfmpegBinaries, startMediaConvert } from './mediaconvert';
import { loadOrCreateCertificate } from './tls';
import type { LocalPorts } from './ports';
import { buildLocalClientConfig, startWebServer } from './web';
import type { ApiLimits, LocalAppSync, RealtimeLimits } from './appsync';
import type { CognitoEmulator } from './cognito';
import type { LocalCloudFrontApi, PlaybackDistribution } from './cloudfront';
import type { LocalIam } from './iam';
import type { LambdaSettings, LocalEnvironment } from './lambda';
import { localLambdaEnvironmentValues } from './lambda-environment';
import { DEFAULT_PIPELINE_LIMITS } from '../common/constants/pipeline-limits';
import type { PipelineLimits } from '../common/constants/pipeline-limits';
import { DEFAULT_UPLOAD_LIMITS, MAX_COPYABLE_BYTES } from '../common/constants/upload-limits';
import type { UploadLimits } from '../common/constants/upload-limits';
import type { LocalSettings } from './lib/local-settings';
import type { LocalMediaConvert } from './mediaconvert';
import type { QueueDefinition } from './queues';
import type { LocalCertificate } from './tls';

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
  /** The GraphQL API's query depth, resolver count and introspection settings (default: Terraform's). */
  apiLimits?: ApiLimits;
  /** What one user may make the pipeline do; each one left out is DEFAULT_PIPELINE_LIMITS', as on AWS. */
  limits?: Partial<PipelineLimits>;
  /** The largest POST and multipart uploads; each one left out is DEFAULT_UPLOAD_LIMITS', as on AWS. */
  uploadLimits?: Partial<UploadLimits>;
  /** The built web client the web app serves; default build/client. */
  webRoot?: string;
  /** AppSync's real-time limits, where tests want them smaller (VIDEOPIPE_REALTIME_*). */
  realtimeLimits?: Partial<RealtimeLimits>;
  log?: (line: string) => void;
}

export interface LocalCloud {
  endpoints: Endpoints;
  close(): Promise<void>;
}

/** Boots every local stand-in, wired like the AWS deployment, with state under dataDir. */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const startup = prepare(options);
  try {
    const database = await startDatabase(startup);
    const userPool = await startUserPool(startup);
    const queues = await startQueues(startup);
    const storage = await startStorage(startup, queues.service);
    const eventBus = wireEventBus(startup, queues.service);
    const mediaconvert = await startTranscoder(startup, storage.s3Endpoint, eventBus);
    const api = await startApi(startup, database, userPool);
    const running: Running = { database, userPool, queues, storage, mediaconvert, api };
    const lambdas = startFunctions(startup, running);
    mapQueuesToFunctions(startup, queues.service, lambdas);
    scheduleFunctions(startup, lambdas);
    const endpoints = await startWebApp(startup, (webUrl) => describeEndpoints(startup, running, webUrl));
    return { endpoints, close: startup.close };
  } catch (error) {
    await startup.close();
    throw error;
  }
}

const NAME_PREFIX = 'videopipe';
const TABLE_NAME = 'videos';
/** The queue S3's upload events and createVideo's registration notices go to (terraform/queues.json). */
const UPLOADS_QUEUE = 'uploads';

/** What the steps share: the options, this installation's keys and IAM, and what to close. */
interface Startup {
  options: LocalCloudOptions;
  dataDir: string;
  settings: LocalSettings;
  /** The root key pair. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  iam: LocalIam;
  buckets: { raw: string; playback: string };
  /** What the uploads Lambda allows and config.json tells the client. */
  uploadLimits: UploadLimits;
  queueDefinitions: QueueDefinition[];
  lambdaSettings: LambdaSettings[];
  /** Set by startFunctions; AppSync's Lambda data source calls through it. */
  lambdas?: LambdaRuntime;
  /** Run at close, last registered first. */
  onClose(closer: () => Promise<void>): void;
  /** A plain function (it uses no `this`): the running cloud hands it out as its own close. */
  close: () => Promise<void>;
}

interface Database {
  endpoint: string;
  client: DynamoDBClient;
  tableNames: string[];
}

interface Queues {
  service: QueueService;
  endpoint: string;
}

interface Storage {
  s3Endpoint: string;
  playbackDistribution: PlaybackDistribution;
  /** CloudFront's API, invalidating the playback distribution's cache. */
  cloudfront: LocalCloudFrontApi;
}

interface Api {
  appsync: LocalAppSync;
  certificate: LocalCertificate;
}

/** The stand-ins the Lambdas and the endpoints point at. */
interface Running {
  database: Database;
  userPool: CognitoEmulator;
  queues: Queues;
  storage: Storage;
  mediaconvert: LocalMediaConvert;
  api: Api;
}

/** The options' upload limits over the defaults; refused, as Terraform's validation refuses them, past a copyable object. */
function uploadLimitsOf(options: LocalCloudOptions): UploadLimits {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits };
  if (limits.maxMultipartUploadBytes > MAX_COPYABLE_BYTES)
    throw new Error(
      `The largest multipart upload is ${MAX_COPYABLE_BYTES} bytes (5 GiB, what one CopyObject copies), not ${limits.maxMultipartUploadBytes}.`,
    );
  return limits;
}

function prepare(options: LocalCloudOptions): Startup {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const settings = loadOrCreateSettings(dataDir, lambdaRoleNames());
  const buckets = { raw: `${NAME_PREFIX}-raw`, playback: `${NAME_PREFIX}-playback` };
  const queueDefinitions = loadQueueDefinitions();
  // IAM: the root key pair may do anything; each Lambda signs with its role's pair, held to the
  // policy terraform/iam.tf builds from terraform/lambda-permissions.json.
  const iam = buildLocalIam(settings, {
    region: settings.region,
    accountId: settings.accountId,
    namePrefix: NAME_PREFIX,
    rawBucket: buckets.raw,
    playbackBucket: buckets.playback,
    tableName: TABLE_NAME,
    appsyncApiId: LOCAL_APPSYNC_API_ID,
    consumerQueues: Object.fromEntries(
      queueDefinitions.flatMap((queue) => (queue.consumer ? [[queue.consumer.function, queue.name]] : [])),
    ),
    uploadsQueue: UPLOADS_QUEUE,
    playbackDistributionId: LOCAL_PLAYBACK_DISTRIBUTION_ID,
  });
  const closers: Array<() => Promise<void>> = [];
  return {
    options,
    dataDir,
    settings,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    iam,
    buckets,
    uploadLimits: uploadLimitsOf(options),
    queueDefinitions,
    lambdaSettings: loadLambdaSettings(),
    onClose: (closer) => {
      closers.push(closer);
    },
    close: async () => {
      for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
    },
  };
}

/** DynamoDB with the tables of terraform/videos-table.json. */
async function startDatabase(startup: Startup): Promise<Database> {
  const { options, settings } = startup;
  const tables = loadTableDefinitions();
  const dynamodb = await startDynamoDb({
    port: options.ports.dynamodb,
    dataDir: path.join(startup.dataDir, 'dynamodb'),
    iam: { credentials: startup.iam, region: settings.region, tables },
    log: options.log,
  });
  startup.onClose(() => dynamodb.close());
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: settings.region,
    credentials: startup.credentials,
  });
  startup.onClose(async () => client.destroy());
  await ensureTables(client, tables);
  return { endpoint: dynamodb.endpoint, client, tableNames: tables.map((table) => table.TableName as string) };
}

async function startUserPool(startup: Startup): Promise<CognitoEmulator> {
  const { options, settings } = startup;
  const cognito = await startCognito({
    port: options.ports.cognito,
    dataDir: path.join(startup.dataDir, 'cognito'),
    region: settings.region,
    autoConfirm: options.autoConfirm,
    credentials: startup.iam,
    log: options.log,
  });
  startup.onClose(() => cognito.close());
  return cognito;
}

/** The queues of terraform/queues.json, and the SQS API in front of them. */
async function startQueues(startup: Startup): Promise<Queues> {
  const { options, settings } = startup;
  const service = new QueueService(startup.queueDefinitions, path.join(startup.dataDir, 'queues'), {
    region: settings.region,
    accountId: settings.accountId,
    log: options.log,
  });
  startup.onClose(() => service.close());
  let endpoint = '';
  const sqsApi = createSqsApiHandler({
    queues: service,
    credentials: startup.iam,
    accountId: settings.accountId,
    region: settings.region,
    endpoint: () => endpoint,
  });
  const server = createLocalServer(sqsApi, {
    service: 'SQS',
    log: options.log,
    answerInternalError: answerSqsInternalError,
  });
  await listen(server, options.ports.sqs, '127.0.0.1', 'SQS');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  startup.onClose(() => closeServer(server));
  return { service, endpoint };
}

/** S3 with the buckets of terraform/buckets.json, notifying the queues, and the playback distribution. */
async function startStorage(startup: Startup, queues: QueueService): Promise<Storage> {
  const { options, settings, buckets } = startup;
  const s3 = await startS3({
    port: options.ports.s3,
    dataDir: path.join(startup.dataDir, 's3'),
    credentials: startup.iam,
    // The web app's origin is not fixed locally (Vite picks its port), so any origin may POST.
    buckets: loadBucketDefinitions(buckets, ['*']),
    region: settings.region,
    // S3 -> SQS as the buckets' notification configuration says, after the object is durable.
    notify: (queue, event) => {
      queues.send(queue, JSON.stringify(event));
    },
  });
  startup.onClose(() => s3.close());
  // The playback bucket as viewers reach it on AWS: through the playback distribution, whose
  // response headers policy adds the CORS headers to every answer to a page (hls.js).
  const playbackDistribution = await startPlaybackDistribution({
    port: options.ports.playback,
    originUrl: `${s3.endpoint}/${buckets.playback}`,
    log: options.log,
  });
  startup.onClose(() => playbackDistribution.close());
  // deleteVideo invalidates a deleted video's paths there, as on AWS.
  const cloudfront = await startCloudFrontApi({
    port: options.ports.cloudfront,
    distributionId: LOCAL_PLAYBACK_DISTRIBUTION_ID,
    cache: playbackDistribution.cache,
    credentials: startup.iam,
    log: options.log,
  });
  startup.onClose(() => cloudfront.close());
  return { s3Endpoint: s3.endpoint, playbackDistribution, cloudfront };
}

/** EventBridge's default bus: rules from terraform/event-patterns/, targets are queues. */
function wireEventBus(startup: Startup, queues: QueueService): EventBus {
  const { region, accountId } = startup.settings;
  return new EventBus(loadEventRules(), { region, accountId, log: startup.options.log }, (target, event) => {
    queues.send(target, JSON.stringify(event));
  });
}

/** MediaConvert, running jobs with ffmpeg against the local S3 and putting its job events on the bus. */
async function startTranscoder(startup: Startup, s3Endpoint: string, eventBus: EventBus): Promise<LocalMediaConvert> {
  const { options, settings } = startup;
  const mediaconvert = await startMediaConvert({
    port: options.ports.mediaconvert,
    dataDir: path.join(startup.dataDir, 'mediaconvert'),
    region: settings.region,
    accountId: settings.accountId,
    credentials: { ...startup.credentials, accountId: settings.accountId },
    iam: startup.iam,
    s3Endpoint,
    binaries: resolveFfmpegBinaries(),
    putEvents: (entries) => void eventBus.putEvents(entries),
    maxConcurrentJobs: options.mediaConvertConcurrency,
    statusIntervalScale: options.statusIntervalScale,
    log: options.log,
  });
  startup.onClose(() => mediaconvert.close());
  return mediaconvert;
}

/** AppSync over HTTP and TLS, its data sources the table and the uploads Lambda. */
async function startApi(startup: Startup, database: Database, userPool: CognitoEmulator): Promise<Api> {
  const { options, settings } = startup;
  const certificate = await loadOrCreateCertificate(path.join(startup.dataDir, 'tls'));
  // AppSync calls its Lambda data source only once requests arrive, after the runtime exists.
  const invoke = (name: string, event: unknown) => {
    if (!startup.lambdas) throw new Error('The local Lambda runtime is not running.');
    return startup.lambdas.invoke(name, event);
  };
  const appsync = await startAppSync({
    port: options.ports.appsync,
    tls: { port: options.ports.appsyncTls, key: certificate.key, cert: certificate.cert },
    apiKey: settings.apiKey,
    credentials: startup.iam,
    apiId: LOCAL_APPSYNC_API_ID,
    region: settings.region,
    cognito: { userPoolId: userPool.userPoolId, jwks: userPool.jwks() as never },
    dynamodb: {
      client: database.client,
      tableNames: Object.fromEntries(database.tableNames.map((name) => [name, name])),
    },
    lambdas: { uploads: async () => (event: unknown) => invoke('uploads', event) },
    limits: options.apiLimits,
    realtimeLimits: options.realtimeLimits,
    nextTokenKey: Buffer.from(settings.nextTokenKey, 'base64'),
    log: options.log,
  });
  startup.onClose(() => appsync.close());
  return { appsync, certificate };
}

/** The Lambdas of terraform/lambdas.json, each with its settings and its env vars pointed at the stand-ins. */
function startFunctions(startup: Startup, running: Running): LambdaRuntime {
  const { options, settings, buckets } = startup;
  const environment: LocalEnvironment = {
    values: localLambdaEnvironmentValues({
      tableName: TABLE_NAME,
      rawBucket: buckets.raw,
      playbackBucket: buckets.playback,
      uploadLimits: startup.uploadLimits,
      mediaConvertRoleArn: mediaConvertRoleArn({ accountId: settings.accountId, namePrefix: NAME_PREFIX }),
      appsyncUrl: running.api.appsync.graphqlUrl,
      // The distribution's address, as on AWS.
      playbackBaseUrl: running.storage.playbackDistribution.url,
      playbackDistributionId: LOCAL_PLAYBACK_DISTRIBUTION_ID,
      uploadsQueueUrl: `${running.queues.endpoint}/${settings.accountId}/${UPLOADS_QUEUE}`,
      limits: { ...DEFAULT_PIPELINE_LIMITS, ...options.limits },
    }),
    // What Lambda gives every function itself, and the stand-ins' endpoints for the AWS SDK.
    shared: {
      AWS_REGION: settings.region,
      AWS_ACCESS_KEY_ID: settings.accessKeyId,
      AWS_SECRET_ACCESS_KEY: settings.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: running.database.endpoint,
      AWS_ENDPOINT_URL_S3: running.storage.s3Endpoint,
      AWS_ENDPOINT_URL_MEDIACONVERT: running.mediaconvert.endpoint,
      AWS_ENDPOINT_URL_SQS: running.queues.endpoint,
      AWS_ENDPOINT_URL_CLOUDFRONT: running.storage.cloudfront.endpoint,
    },
  };
  const lambdas = new LambdaRuntime({
    functions: Object.fromEntries(
      startup.lambdaSettings.map((lambda) => [lambda.name, buildFunctionDefinition(lambda, environment)]),
    ),
    // Each Lambda signs with its own role's key pair, not the root one in the shared env.
    roleCredentials: settings.roles,
    log: options.log,
  });
  startup.lambdas = lambdas;
  startup.onClose(() => lambdas.close());
  return lambdas;
}

/** Event source mappings, as terraform/queues.json declares them for AWS. */
function mapQueuesToFunctions(startup: Startup, queues: QueueService, lambdas: LambdaRuntime): void {
  const consumers = startup.queueDefinitions.flatMap((queue) => {
    const consumer = queue.consumer;
    if (!consumer) return [];
    return [
      queues.consume(queue.name, {
        batchSize: consumer.batchSize,
        maximumConcurrency: consumer.maximumConcurrency,
        invoke: (event) => lambdas.invoke(consumer.function, event),
      }),
    ];
  });
  startup.onClose(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });
}

/** The schedules of terraform/lambdas.json (EventBridge rules on AWS): a Scheduled Event each period. */
function scheduleFunctions(startup: Startup, lambdas: LambdaRuntime): void {
  const { options, settings } = startup;
  for (const { name, schedule } of startup.lambdaSettings) {
    if (!schedule) continue;
    const seconds = name === 'watchdog' ? options.watchdogIntervalSeconds : undefined;
    const stop = startSchedule({
      rule: `${NAME_PREFIX}-${name}`,
      periodMs: seconds === undefined ? ratePeriodMs(schedule) : seconds * 1000,
      context: { region: settings.region, accountId: settings.accountId },
      target: (event) => {
        lambdas.invoke(name, event).catch((error: unknown) => options.log?.(`${name}: ${(error as Error).message}`));
      },
      log: options.log,
    });
    startup.onClose(async () => stop());
  }
}

/** The web app last: its /config.json is made from the endpoints of everything above. */
async function startWebApp(startup: Startup, describe: (webUrl: string) => Endpoints): Promise<Endpoints> {
  const running: { endpoints?: Endpoints } = {};
  const web = await startWebServer({
    port: startup.options.ports.web,
    root: startup.options.webRoot,
    log: startup.options.log,
    clientConfig: () => {
      if (!running.endpoints) throw new Error('The local cloud is still starting.');
      return buildLocalClientConfig(running.endpoints, startup.uploadLimits);
    },
  });
  startup.onClose(() => web.close());
  running.endpoints = describe(web.url);
  return running.endpoints;
}

function describeEndpoints(startup: Startup, running: Running, webUrl: string): Endpoints {
  const { settings, buckets } = startup;
  const { appsync, certificate } = running.api;
  return {
    region: settings.region,
    webUrl,
    graphqlUrl: appsync.graphqlUrl,
    realtimeUrl: appsync.realtimeUrl,
    graphqlHttpsUrl: appsync.graphqlHttpsUrl as string,
    realtimeWssUrl: appsync.realtimeWssUrl as string,
    caCertificateFile: certificate.certFile,
    apiKey: settings.apiKey,
    appsyncEndpoint: appsync.endpoint,
    userPoolId: running.userPool.userPoolId,
    userPoolClientId: running.userPool.userPoolClientId,
    cognitoEndpoint: running.userPool.endpoint,
    dynamodbEndpoint: running.database.endpoint,
    s3Endpoint: running.storage.s3Endpoint,
    sqsEndpoint: running.queues.endpoint,
    mediaconvertEndpoint: running.mediaconvert.endpoint,
    rawBucket: buckets.raw,
    playbackBucket: buckets.playback,
    playbackBaseUrl: running.storage.playbackDistribution.url,
    cloudfrontEndpoint: running.storage.cloudfront.endpoint,
    playbackDistributionId: LOCAL_PLAYBACK_DISTRIBUTION_ID,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    roles: settings.roles,
  };
}
