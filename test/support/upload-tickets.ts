import { print } from 'graphql';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { acceptedKey } from '../../functions/lib/upload-keys';
import { CreateUploadUrlDocument } from '../../generated/client-operations';
import type { Endpoints } from '../../local/endpoints';
import { eventually } from './eventually';
import { graphql } from './graphql-client';
import type { GraphQLResult } from './graphql-client';
import type { TestUser } from './users';

// An upload ticket kept in hand, as an attacker keeps it: asked for once, POSTed with as often as
// they like while it lasts; and the raw bucket's view of one video's objects (functions/lib/upload-keys.ts).

const TICKET = print(CreateUploadUrlDocument);

export interface UploadTicket {
  videoId: string;
  url: string;
  fields: Record<string, string>;
}

export function askForTicket(endpoints: Endpoints, user: TestUser, size: number): Promise<GraphQLResult> {
  return graphql(endpoints, { mode: 'userPool', token: user.idToken }, TICKET, {
    input: { contentType: 'video/mp4', size },
  });
}

export async function ticketFor(endpoints: Endpoints, user: TestUser, size: number): Promise<UploadTicket> {
  const result = await askForTicket(endpoints, user, size);
  if (result.errors) throw new Error(`createUploadUrl failed: ${JSON.stringify(result.errors)}`);
  const { videoId, url, fields } = result.data!.createUploadUrl as { videoId: string; url: string; fields: string };
  return { videoId, url, fields: JSON.parse(fields) as Record<string, string> };
}

/** A browser's POST of the file with the ticket's fields; S3 answers 204. */
export async function postWithTicket(ticket: UploadTicket, body: Buffer): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', new Blob([body], { type: 'video/mp4' }), 'upload.mp4');
  const response = await fetch(ticket.url, { method: 'POST', body: form });
  if (response.status !== 204) throw new Error(`the POST answered ${response.status}: ${await response.text()}`);
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'NotFound') return false;
    throw error;
  }
}

/** Which of a video's raw objects exist: the one at the ticket's key, and the accepted copy. */
export async function rawObjects(
  s3: S3Client,
  endpoints: Endpoints,
  videoId: string,
): Promise<{ atTicketKey: boolean; accepted: boolean }> {
  const [atTicketKey, accepted] = await Promise.all([
    exists(s3, endpoints.rawBucket, videoId),
    exists(s3, endpoints.rawBucket, acceptedKey(videoId)),
  ]);
  return { atTicketKey, accepted };
}

/** Until process-upload has copied the upload and deleted what was at the ticket's key. */
export async function waitUntilAccepted(s3: S3Client, endpoints: Endpoints, videoId: string): Promise<void> {
  await eventually(
    async () => expect(await rawObjects(s3, endpoints, videoId)).toEqual({ atTicketKey: false, accepted: true }),
    { what: `upload ${videoId} to be accepted`, timeoutMs: 60_000, intervalMs: 100 },
  );
}
