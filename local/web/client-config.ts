import type { ClientConfig } from '../../common/client-config';
import type { UploadLimits } from '../../common/constants/upload-limits';
import { loadPoolSettings } from '../cognito';

/** What a browser may learn of the running local cloud (a part of local/endpoints.ts's Endpoints). */
export type PublicEndpoints = Pick<
  ClientConfig,
  'region' | 'graphqlUrl' | 'realtimeUrl' | 'apiKey' | 'userPoolId' | 'userPoolClientId' | 'playbackBaseUrl'
> & { cognitoEndpoint: string };

/**
 * The web client's /config.json for the local cloud: the same keys Terraform's `client_config`
 * output has on AWS, plus where the local user pool is and that it "emails" its codes to the log.
 * Only what a browser may see: the public API key, never the local AWS credentials.
 */
export function buildLocalClientConfig(endpoints: PublicEndpoints, uploadLimits: UploadLimits): ClientConfig {
  return {
    region: endpoints.region,
    graphqlUrl: endpoints.graphqlUrl,
    realtimeUrl: endpoints.realtimeUrl,
    apiKey: endpoints.apiKey,
    userPoolId: endpoints.userPoolId,
    userPoolClientId: endpoints.userPoolClientId,
    userPoolEndpoint: endpoints.cognitoEndpoint,
    codesInServerLog: true,
    // From terraform/cognito.json, as Terraform's client_config has it.
    passwordPolicy: loadPoolSettings().passwordPolicy,
    playbackBaseUrl: endpoints.playbackBaseUrl,
    maxUploadBytes: uploadLimits.maxUploadBytes,
    maxMultipartUploadBytes: uploadLimits.maxMultipartUploadBytes,
  };
}
