import { runtime } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from '../lib/errors';
import { invokeWithContext } from '../lib/lambda';

/** What putVideo's ALL_NEW shows of the pipeline's progress on the upload. */
interface RegisteredVideo {
  status: string;
  acceptedSource?: unknown;
  jobId?: string;
}

/**
 * After putVideo: when the record it wrote (ALL_NEW) shows an upload process-upload accepted
 * already and no job, the `uploads` Lambda tells process-upload through its queue, which then
 * submits the job. Otherwise process-upload has not accepted the upload yet, and its own write
 * will see this title. The record passes through either way.
 */
export function request(ctx: Context) {
  const video = (ctx.prev as { result: RegisteredVideo }).result;
  if (!video.acceptedSource || video.jobId || video.status !== 'PROCESSING') {
    runtime.earlyReturn(video);
  }
  return invokeWithContext(ctx, 'announceRegistration');
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return (ctx.prev as { result: RegisteredVideo }).result;
}
