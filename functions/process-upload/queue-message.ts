import { UnprocessableRecordError } from '../lib/batch';
import { REGISTRATION_NOTICE_TYPE } from '../lib/registration-notice';
import { parseS3Notification } from '../lib/s3-notifications';
import type { UploadedObject } from '../lib/s3-notifications';
import { isVideoId } from '../lib/video-id';

/** A message of the `uploads` queue: S3 announcing uploads, or createVideo announcing a registration. */
export type UploadsQueueMessage =
  { kind: 'uploaded'; objects: UploadedObject[] } | { kind: 'registered'; videoId: string };

export function parseUploadsQueueMessage(body: string): UploadsQueueMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UnprocessableRecordError('The message is not JSON.');
  }
  const type = (parsed as { type?: unknown } | null)?.type;
  if (type !== REGISTRATION_NOTICE_TYPE) return { kind: 'uploaded', objects: parseS3Notification(body) };
  const videoId = (parsed as { videoId?: unknown }).videoId;
  if (!isVideoId(videoId)) throw new UnprocessableRecordError('A registration notice names no video id.');
  return { kind: 'registered', videoId };
}
