import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PublishVideoStatusInput } from '../../generated/graphql';
import type { PipelineVideo } from './pipeline-video';
import type { StatusPublisher } from './ports/status-publisher';

// publishVideoStatus over HTTP, signed with SigV4 for AppSync's IAM mode: the mutation stores
// nothing, resolving it is what reaches the owner's onVideoStatusChanged subscriptions.

const PUBLISH_MUTATION = `mutation PublishVideoStatus($input: PublishVideoStatusInput!) {
  publishVideoStatus(input: $input) { id userId status progress updatedAt failureReason durationSeconds playlistUrl thumbnailUrl }
}`;

export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

/** What AppSync answers over HTTP: only its errors matter here. */
interface GraphQLAnswer {
  errors?: Array<{ message?: string; errorType?: string }>;
}

export interface AppSyncStatusPublisherOptions {
  /** The API's /graphql URL. */
  url: string;
  region: string;
  /** Static credentials or a provider (the default chain on Lambda). */
  credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  timeoutMs?: number;
}

/** The subscription payload for a stored record: the fields VideoStatusEvent carries. */
export function buildPublishInput(video: PipelineVideo): PublishVideoStatusInput {
  return {
    id: video.id,
    userId: video.userId,
    status: video.status,
    progress: video.progress,
    updatedAt: video.updatedAt,
    failureReason: video.failureReason,
    durationSeconds: video.durationSeconds,
    playlistUrl: video.playlistUrl,
    thumbnailUrl: video.thumbnailUrl,
  };
}

export function createAppSyncStatusPublisher(options: AppSyncStatusPublisherOptions): StatusPublisher {
  const url = new URL(options.url);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'appsync',
    sha256: Sha256,
  });
  return {
    async publish(input) {
      const body = JSON.stringify({ query: PUBLISH_MUTATION, variables: { input } });
      const request = new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: { 'content-type': 'application/json', host: url.host },
        body,
      });
      const signed = await signer.sign(request);
      const response = await fetch(url, {
        method: 'POST',
        headers: signed.headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      const text = await response.text();
      let result: GraphQLAnswer = {};
      try {
        result = JSON.parse(text) as GraphQLAnswer;
      } catch {
        throw new PublishError(`publishVideoStatus answered HTTP ${response.status} with a body that is not JSON.`);
      }
      if (!response.ok || result.errors?.length) {
        const reasons = result.errors?.map((error) => `${error.errorType ?? 'Error'}: ${error.message}`).join('; ');
        throw new PublishError(`publishVideoStatus failed (HTTP ${response.status})${reasons ? `: ${reasons}` : ''}`);
      }
    },
  };
}
