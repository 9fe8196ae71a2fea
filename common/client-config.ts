import type { PasswordPolicy } from './password-policy';

/**
 * The client's one configuration, fetched from `/config.json` at start-up. The dev server writes it
 * from the local cloud's endpoints; Terraform writes it from its outputs (`client_config`). The
 * same build runs in both homes: nothing else differs.
 */
export interface ClientConfig {
  region: string;
  /** AppSync GraphQL endpoint (https on AWS, http locally). */
  graphqlUrl: string;
  /** AppSync real-time endpoint (wss on AWS, ws locally). */
  realtimeUrl: string;
  /** Public API key: anonymous reads of the feed and of DONE videos. */
  apiKey: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Where the user pool's API is, when it is not Cognito's own (the local pool). */
  userPoolEndpoint?: string;
  /**
   * Set by the dev server only: its user pool sends no email but prints each confirmation and
   * password reset code in its log, and the sign-up form says so.
   */
  codesInServerLog?: boolean;
  /** The user pool's password policy (terraform/cognito.json), stated on the sign-up form. */
  passwordPolicy: PasswordPolicy;
  /** Public base URL of the HLS output. */
  playbackBaseUrl: string;
  /** Largest file the upload ticket (one presigned POST) allows: larger files go by multipart. */
  maxUploadBytes: number;
  /** Largest file a multipart upload allows, so the client can refuse before uploading. */
  maxMultipartUploadBytes: number;
}

export const CONFIG_PATH = '/config.json';

/** What a config.json must carry (userPoolEndpoint and codesInServerLog are only for the local pool). */
export const REQUIRED_CONFIG_KEYS: Array<keyof ClientConfig> = [
  'region',
  'graphqlUrl',
  'realtimeUrl',
  'apiKey',
  'userPoolId',
  'userPoolClientId',
  'passwordPolicy',
  'playbackBaseUrl',
  'maxUploadBytes',
  'maxMultipartUploadBytes',
];
