import path from 'node:path';
import type { Api } from '../../scripts/lib/multipart-api';
import { postUpload } from '../../scripts/lib/post-upload';

// The benches' single-POST upload, as the web client does it: an upload ticket (createUploadUrl),
// the presigned POST of the file, then createVideo. e2e.bench times the steps apart.

const TICKET = 'mutation T($input: CreateUploadUrlInput!) { createUploadUrl(input: $input) { videoId url fields } }';
const CREATE = 'mutation C($input: CreateVideoInput!) { createVideo(input: $input) { id } }';

export interface UploadTicket {
  videoId: string;
  url: string;
  fields: string;
}

export async function requestUploadTicket(api: Api, size: number, contentType: string): Promise<UploadTicket> {
  return (await api<{ createUploadUrl: UploadTicket }>(TICKET, { input: { contentType, size } })).createUploadUrl;
}

export function postToTicket(ticket: UploadTicket, file: string, size: number, contentType: string): Promise<void> {
  return postUpload({
    url: ticket.url,
    fields: JSON.parse(ticket.fields) as Record<string, string>,
    filePath: file,
    fileName: path.basename(file),
    fileSize: size,
    contentType,
  });
}

export async function registerVideo(api: Api, videoId: string, title: string): Promise<void> {
  await api(CREATE, { input: { id: videoId, title } });
}

/** Ticket, POST, createVideo, one after another; the video's id. */
export async function postVideo(
  api: Api,
  file: string,
  size: number,
  title: string,
  contentType: string,
): Promise<string> {
  const ticket = await requestUploadTicket(api, size, contentType);
  await postToTicket(ticket, file, size, contentType);
  await registerVideo(api, ticket.videoId, title);
  return ticket.videoId;
}
