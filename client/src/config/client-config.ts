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
  /** How the Authenticator signs in: SRP on AWS; USER_PASSWORD_AUTH locally (the local pool has no SRP). */
  authFlowType: AuthFlowType;
  /** Public base URL of the HLS output. */
  playbackBaseUrl: string;
  /** Largest file the upload ticket allows, so the client can refuse before uploading. */
  maxUploadBytes: number;
}

export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

export const CONFIG_PATH = '/config.json';

/** What a config.json must carry (userPoolEndpoint is only for a user pool other than Cognito's). */
export const REQUIRED_CONFIG_KEYS: Array<keyof ClientConfig> = ['region', 'graphqlUrl', 'realtimeUrl', 'apiKey', 'userPoolId', 'userPoolClientId', 'authFlowType', 'playbackBaseUrl', 'maxUploadBytes'];
