import { VIDEO_STATUS } from '../lib/pipeline-video';

/**
 * The MediaConvert job still at work for the record deleteVideo just deleted (what DeleteItem
 * answered): its id while the video was PROCESSING with a job, else undefined.
 */
export function runningJobOf(deleted: unknown): string | undefined {
  if (typeof deleted !== 'object' || deleted === null) return undefined;
  const { status, jobId } = deleted as Record<string, unknown>;
  return status === VIDEO_STATUS.PROCESSING && typeof jobId === 'string' && jobId !== '' ? jobId : undefined;
}
