import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import { ListJobsCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import type { Job } from '@aws-sdk/client-mediaconvert';
import { CreateUploadUrlDocument } from '../../generated/client-operations';
import type { Endpoints } from '../../local/endpoints';
import { signInWithSrp } from '../../scripts/lib/srp-sign-in';
import { eventually } from './eventually';
import { graphql } from './graphql-client';
import { RealtimeClient } from './realtime-client';
import { cognitoClient } from './users';
import type { TestUser } from './users';

// What the fault tests share: a user's upload as a browser makes it, signing in again after a
// restart, a live subscription to one video, and MediaConvert's view of a video's jobs.

const TICKET = print(CreateUploadUrlDocument);
const SUBSCRIPTION =
  'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id status progress failureReason playlistUrl } }';

/** A fresh sign-in of an existing user (tokens of a restarted pool). */
export async function signIn(endpoints: Endpoints, user: TestUser): Promise<TestUser> {
  const client = cognitoClient(endpoints);
  try {
    const result = await signInWithSrp(client, {
      userPoolId: endpoints.userPoolId,
      clientId: endpoints.userPoolClientId,
      username: user.email,
      password: user.password,
    });
    if (!result.IdToken || !result.AccessToken) throw new Error('sign-in returned no tokens');
    return {
      ...user,
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      refreshToken: result.RefreshToken ?? user.refreshToken,
    };
  } finally {
    client.destroy();
  }
}

/** What a browser does: a ticket for the file's size, then the file POSTed with the ticket's fields. */
export async function uploadAsUser(endpoints: Endpoints, user: TestUser, file: string): Promise<string> {
  const body = readFileSync(file);
  const ticket = await graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
    input: { contentType: 'video/mp4', size: body.length },
  });
  if (ticket.errors) throw new Error(`createUploadUrl failed: ${JSON.stringify(ticket.errors)}`);
  const { videoId, url, fields } = ticket.data!.createUploadUrl as { videoId: string; url: string; fields: string };
  const form = new FormData();
  for (const [name, value] of Object.entries(JSON.parse(fields) as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([body], { type: 'video/mp4' }), 'upload.mp4');
  const response = await fetch(url, { method: 'POST', body: form });
  if (response.status !== 204) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return videoId;
}

/** The owner's live status events for one video (every video of theirs without an id). */
export async function subscribeToVideo(
  endpoints: Endpoints,
  user: TestUser,
  videoId: string | undefined,
): Promise<RealtimeClient> {
  const client = await RealtimeClient.connect(endpoints, { Authorization: user.idToken });
  await client.waitFor((message) => message.type === 'connection_ack');
  client.subscribe(
    'video',
    SUBSCRIPTION,
    videoId ? { id: videoId } : {},
    { Authorization: user.idToken },
    new URL(endpoints.graphqlUrl).host,
  );
  await client.waitFor((message) => message.type === 'start_ack');
  return client;
}

export type StatusEvent = {
  id: string;
  status: string;
  progress: number;
  failureReason?: string | null;
  playlistUrl?: string | null;
};

export function statusEvents(client: RealtimeClient, videoId: string): StatusEvent[] {
  return client.messages
    .filter((message) => message.type === 'data' && message.payload?.data?.onVideoStatusChanged?.id === videoId)
    .map((message) => message.payload.data.onVideoStatusChanged as StatusEvent);
}

/** The first status event for the video that is not PROCESSING (DONE or FAILED), once it has come. */
export function finalStatusEvent(client: RealtimeClient, videoId: string, timeoutMs = 90_000): Promise<StatusEvent> {
  return eventually(
    () => {
      const final = statusEvents(client, videoId).find((event) => event.status !== 'PROCESSING');
      if (!final) throw new Error(`no final status event for ${videoId} yet`);
      return final;
    },
    { what: `video ${videoId} to end`, timeoutMs, intervalMs: 100 },
  );
}

/** The local S3 with the root credentials, path style as the Lambdas reach it. */
export function s3Client(endpoints: Endpoints): S3Client {
  return new S3Client({
    endpoint: endpoints.s3Endpoint,
    region: endpoints.region,
    forcePathStyle: true,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
}

export function mediaConvertClient(endpoints: Endpoints): MediaConvertClient {
  return new MediaConvertClient({
    endpoint: endpoints.mediaconvertEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
}

/** Every MediaConvert job whose UserMetadata names the video, across ListJobs pages. */
export async function jobsOfVideo(client: MediaConvertClient, videoId: string): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let token: string | undefined, page = 0; page === 0 || token; page += 1) {
    const listed = await client.send(new ListJobsCommand({ MaxResults: 20, NextToken: token }));
    jobs.push(...(listed.Jobs ?? []));
    token = listed.NextToken;
  }
  return jobs.filter((job) => job.UserMetadata?.videoId === videoId);
}
