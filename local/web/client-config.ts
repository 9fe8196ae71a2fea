import type { ClientConfig } from '../../client/src/config/client-config';
import type { Endpoints } from '../endpoints';

/**
 * The web client's /config.json for the local cloud: the same keys Terraform's `client_config`
 * output has on AWS, plus where the local user pool is. Only what a browser may see: the public
 * API key, never the local AWS credentials.
 */
export function buildLocalClientConfig(endpoints: Endpoints, maxUploadBytes: number): ClientConfig {
  return {
    region: endpoints.region,
    graphqlUrl: endpoints.graphqlUrl,
    realtimeUrl: endpoints.realtimeUrl,
    apiKey: endpoints.apiKey,
    userPoolId: endpoints.userPoolId,
    userPoolClientId: endpoints.userPoolClientId,
    userPoolEndpoint: endpoints.cognitoEndpoint,
    // The local user pool implements USER_PASSWORD_AUTH but not SRP (README, "Using AWS clients").
    authFlowType: 'USER_PASSWORD_AUTH',
    playbackBaseUrl: endpoints.playbackBaseUrl,
    maxUploadBytes,
  };
}
