// The whole product on this machine (`npm start` runs it after the build: scripts/start.ts). Prints
// where everything is, writes it to <data dir>/endpoints.json, and stops cleanly on Ctrl-C.
import './compile-cache';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiLimitsFromEnvironment } from './appsync';
import { writeEndpoints } from './endpoints';
import type { Endpoints } from './endpoints';
import { startLocalCloud } from './local-cloud';
import type { LocalCloud } from './local-cloud';
import { PortInUseError } from './lib/listen';
import { namePortVariable, resolvePorts } from './ports';
import { PIPELINE_LIMIT_VARIABLES } from '../common/constants/pipeline-limits';
import type { PipelineLimits } from '../common/constants/pipeline-limits';
import { UPLOAD_LIMIT_VARIABLES } from '../common/constants/upload-limits';
import type { UploadLimits } from '../common/constants/upload-limits';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.VIDEOPIPE_DATA_DIR ?? '.data' },
    'ephemeral-ports': { type: 'boolean', default: false },
    'auto-confirm': { type: 'boolean', default: process.env.VIDEOPIPE_AUTO_CONFIRM === '1' },
    quiet: { type: 'boolean', default: false },
  },
});

function optionalNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name}=${raw} must be a positive number.`);
  return value;
}

/**
 * The limits set through VIDEOPIPE_<variable> (e.g. VIDEOPIPE_MAX_SOURCE_SECONDS,
 * VIDEOPIPE_MAX_UPLOAD_BYTES); the rest keep their defaults.
 */
function limitSettings<Limits extends object>(variables: { [Limit in keyof Limits]: string }): Partial<Limits> {
  return Object.fromEntries(
    Object.entries(variables).flatMap(([limit, variable]) => {
      const value = optionalNumber(`VIDEOPIPE_${String(variable)}`);
      return value === undefined ? [] : [[limit, value]];
    }),
  ) as Partial<Limits>;
}

function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);
}

interface BannerOptions {
  endpoints: Endpoints;
  /** Where the endpoints were written, as the user should read it. */
  file: string;
  autoConfirm: boolean;
}

/** The local pool sends no email: where its codes go instead (the sign-up form says so too). */
function emailedCodes(autoConfirm: boolean): string {
  return autoConfirm
    ? 'none are sent: sign-ups need no code (--auto-confirm); password reset codes appear in this log ("cognito: password reset code for <email>: <code>")'
    : 'none are sent: sign-up confirmation and password reset codes appear in this log ("cognito: confirmation code for <email>: <code>")';
}

function banner({ endpoints, file, autoConfirm }: BannerOptions): string {
  return [
    '',
    'videopipe local cloud is ready',
    `  Web app      ${endpoints.webUrl}   (the client; config at /config.json)`,
    `  GraphQL      ${endpoints.graphqlUrl}   (API key ${endpoints.apiKey})`,
    `  Real-time    ${endpoints.realtimeUrl}`,
    `  TLS          ${endpoints.graphqlHttpsUrl} and ${endpoints.realtimeWssUrl} (certificate ${endpoints.caCertificateFile})`,
    `  Control      ${endpoints.appsyncEndpoint}   (EvaluateCode; AWS_ENDPOINT_URL_APPSYNC)`,
    `  Cognito      ${endpoints.cognitoEndpoint}   pool ${endpoints.userPoolId}, client ${endpoints.userPoolClientId}`,
    `  Emails       ${emailedCodes(autoConfirm)}`,
    `  DynamoDB     ${endpoints.dynamodbEndpoint}`,
    `  SQS          ${endpoints.sqsEndpoint}   queues uploads, job-events and their DLQs`,
    `  MediaConvert ${endpoints.mediaconvertEndpoint}   (jobs run by ffmpeg; AWS_ENDPOINT_URL_MEDIACONVERT)`,
    `  S3           ${endpoints.s3Endpoint}   buckets ${endpoints.rawBucket} (private), ${endpoints.playbackBucket} (public)`,
    `  Playback     ${endpoints.playbackBaseUrl}   (${endpoints.playbackBucket} as CloudFront serves it, cached, CORS headers included)`,
    `  CloudFront   ${endpoints.cloudfrontEndpoint}   (invalidations of distribution ${endpoints.playbackDistributionId}; AWS_ENDPOINT_URL_CLOUDFRONT)`,
    `  Endpoints and local credentials: ${file}`,
    '  Ctrl-C stops everything; state stays in the data dir for the next start.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const dataDir = path.resolve(values['data-dir']);
  // Handlers first: a Ctrl-C during start-up still stops whatever has started.
  const running: { cloud?: LocalCloud } = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    (running.cloud ? running.cloud.close() : Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const ports = resolvePorts(process.env, values['ephemeral-ports']);
  const cloud = await startLocalCloud({
    dataDir,
    ports,
    autoConfirm: values['auto-confirm'],
    mediaConvertConcurrency: optionalNumber('VIDEOPIPE_MEDIACONVERT_CONCURRENCY'),
    statusIntervalScale: optionalNumber('VIDEOPIPE_STATUS_INTERVAL_SCALE'),
    watchdogIntervalSeconds: optionalNumber('VIDEOPIPE_WATCHDOG_INTERVAL_SECONDS'),
    apiLimits: apiLimitsFromEnvironment(process.env),
    limits: limitSettings<PipelineLimits>(PIPELINE_LIMIT_VARIABLES),
    uploadLimits: limitSettings<UploadLimits>(UPLOAD_LIMIT_VARIABLES),
    realtimeLimits: {
      maxMessageBytes: optionalNumber('VIDEOPIPE_REALTIME_MAX_MESSAGE_BYTES'),
      maxSubscriptionsPerConnection: optionalNumber('VIDEOPIPE_REALTIME_MAX_SUBSCRIPTIONS'),
      connectionInitTimeoutMs: optionalNumber('VIDEOPIPE_REALTIME_INIT_TIMEOUT_MS'),
      keepAliveIntervalMs: optionalNumber('VIDEOPIPE_REALTIME_KEEP_ALIVE_MS'),
    },
    log: values.quiet ? undefined : log,
  }).catch((error: unknown) => {
    throw error instanceof PortInUseError ? namePortVariable(error, ports) : error;
  });
  running.cloud = cloud;
  if (stopping) {
    await cloud.close();
    process.exit(0);
  }
  const file = writeEndpoints(dataDir, cloud.endpoints);
  console.log(
    banner({
      endpoints: cloud.endpoints,
      file: path.relative(process.cwd(), file) || file,
      autoConfirm: values['auto-confirm'],
    }),
  );
}

/** Starts the local cloud; run by `npm start` (scripts/start.ts) after the build, or directly. */
export function runDevServer(): void {
  main().catch((error: unknown) => {
    console.error(`videopipe could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

if (require.main === module) runDevServer();
