import type { ClientConfig } from '../../client/src/config/client-config';
import { loadPoolSettings } from '../cognito/pool-settings';
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
    // From terraform/cognito.json, as Terraform's client_config has it.
    passwordPolicy: loadPoolSettings().passwordPolicy,
    playbackBaseUrl: endpoints.playbackBaseUrl,
    maxUploadBytes,
  };
}
