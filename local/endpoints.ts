import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `.data/endpoints.json`: where a running local cloud is, for tools, tests and the client. */
export interface Endpoints {
  region: string;
  /** The web app (the built client); its /config.json is what the client reads at start-up. */
  webUrl: string;
  graphqlUrl: string;
  realtimeUrl: string;
  /** The same API over TLS, for clients that insist on https/wss (Amplify); trust caCertificateFile. */
  graphqlHttpsUrl: string;
  realtimeWssUrl: string;
  caCertificateFile: string;
  apiKey: string;
  appsyncEndpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  cognitoEndpoint: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  /** The SQS API over the local queues (queue URLs <sqsEndpoint>/<account>/<name>). */
  sqsEndpoint: string;
  /** The MediaConvert REST API (AWS_ENDPOINT_URL_MEDIACONVERT); jobs run with ffmpeg. */
  mediaconvertEndpoint: string;
  rawBucket: string;
  playbackBucket: string;
  /** The playback distribution (the playback bucket with CloudFront's CORS headers): <playbackBaseUrl>/<key> plays in a browser. */
  playbackBaseUrl: string;
  /** CloudFront's API (AWS_ENDPOINT_URL_CLOUDFRONT): CreateInvalidation on the playback distribution's cache. */
  cloudfrontEndpoint: string;
  /** The playback distribution's id, for that API. */
  playbackDistributionId: string;
  /** The root key pair: full access (tests, the demo CLI and users act as root unless they choose a role). */
  accessKeyId: string;
  secretAccessKey: string;
  /** Each Lambda's role key pair, by function name, held to its role's policy (terraform/lambda-permissions.json): to act as that Lambda. */
  roles: Record<string, { accessKeyId: string; secretAccessKey: string }>;
}

export const ENDPOINTS_FILE = 'endpoints.json';

export function writeEndpoints(dataDir: string, endpoints: Endpoints): string {
  const file = path.join(dataDir, ENDPOINTS_FILE);
  writeFileSync(file, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function readEndpoints(dataDir: string): Endpoints {
  return JSON.parse(readFileSync(path.join(dataDir, ENDPOINTS_FILE), 'utf8')) as Endpoints;
}
