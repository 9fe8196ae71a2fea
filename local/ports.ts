// Default ports of the local cloud, each overridable by an env var; 0 picks a free port (tests).
import { PortInUseError } from './lib/listen';

export interface LocalPorts {
  appsync: number;
  appsyncTls: number;
  cognito: number;
  dynamodb: number;
  s3: number;
  sqs: number;
  mediaconvert: number;
  /** The playback distribution: the playback bucket with CloudFront's response headers policy. */
  playback: number;
  /** CloudFront's API (CreateInvalidation on the playback distribution's cache). */
  cloudfront: number;
  /** The web app: the built client and its /config.json. */
  web: number;
}

const DEFAULTS: LocalPorts = {
  appsync: 4000,
  appsyncTls: 4001,
  cognito: 4010,
  dynamodb: 4020,
  s3: 4030,
  sqs: 4040,
  mediaconvert: 4050,
  playback: 4060,
  cloudfront: 4070,
  web: 4100,
};

const ENV_NAMES: Record<keyof LocalPorts, string> = {
  appsync: 'VIDEOPIPE_APPSYNC_PORT',
  appsyncTls: 'VIDEOPIPE_APPSYNC_TLS_PORT',
  cognito: 'VIDEOPIPE_COGNITO_PORT',
  dynamodb: 'VIDEOPIPE_DYNAMODB_PORT',
  s3: 'VIDEOPIPE_S3_PORT',
  sqs: 'VIDEOPIPE_SQS_PORT',
  mediaconvert: 'VIDEOPIPE_MEDIACONVERT_PORT',
  playback: 'VIDEOPIPE_PLAYBACK_PORT',
  cloudfront: 'VIDEOPIPE_CLOUDFRONT_PORT',
  web: 'VIDEOPIPE_WEB_PORT',
};

const PORT_KEYS = Object.keys(DEFAULTS) as Array<keyof LocalPorts>;

export function resolvePorts(env: NodeJS.ProcessEnv, ephemeral: boolean): LocalPorts {
  const ports = { ...DEFAULTS };
  for (const key of PORT_KEYS) {
    const raw = env[ENV_NAMES[key]];
    if (ephemeral) {
      ports[key] = 0;
    } else if (raw !== undefined && raw !== '') {
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`${ENV_NAMES[key]}=${raw} is not a port number (0-65535).`);
      }
      ports[key] = port;
    }
  }
  refuseSharedPorts(ports);
  return ports;
}

/** Two services on one port: the second would find it taken by the first, so say which variables clash. */
function refuseSharedPorts(ports: LocalPorts): void {
  const claimed = new Map<number, keyof LocalPorts>();
  for (const key of PORT_KEYS) {
    const port = ports[key];
    const first = claimed.get(port);
    if (first) {
      throw new Error(
        `${ENV_NAMES[first]} and ${ENV_NAMES[key]} both give port ${port}: each service needs a port of its own.`,
      );
    }
    // 0 asks for a free port: any number of services may.
    if (port !== 0) claimed.set(port, key);
  }
}

/**
 * A taken port's sentence with the variable that moves that service (the README's "Ports" table),
 * or unchanged for a port no variable chose.
 */
export function namePortVariable(error: PortInUseError, ports: LocalPorts): PortInUseError {
  const key = PORT_KEYS.find((candidate) => ports[candidate] === error.port);
  if (!key || error.port === 0) return error;
  const variable = ENV_NAMES[key];
  return new PortInUseError(
    error.service,
    error.port,
    `Stop what uses it, start with ${variable}=<a free port>, or let every service pick a free port: npm start -- --ephemeral-ports.`,
  );
}

export const PORT_ENV_NAMES = ENV_NAMES;
