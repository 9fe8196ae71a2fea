import type { Logger } from '@aws-lambda-powertools/logger';
import type { PipelineVideo } from '../lib/pipeline-video';
import type { StatusPublisher } from '../lib/ports/status-publisher';
import type { VideoStore } from '../lib/ports/video-store';
import { buildPublishInput } from '../lib/publish-status';

// The watchdog's one job: a video still PROCESSING past its deadline (a job that hangs, messages
// that ended in a DLQ, an upload that never reached the pipeline) ends FAILED with a reason, its
// job is canceled, its upload deleted, and its owner told. An upload its owner never registered
// (no title, no job) within its registration window is deleted whole instead: record and upload,
// no job ever ran. Nothing stays PROCESSING forever.

export const OVERDUE_REASON = 'Processing did not finish in time, so it was stopped. Try uploading the video again.';

export interface WatchdogDependencies {
  store: Pick<VideoStore, 'markFailed'>;
  /** Deletes the record if it has no title and no job and its deadline is before `now`; the deleted record, else undefined. */
  deleteUnregistered(videoId: string, now: string): Promise<PipelineVideo | undefined>;
  /** Ids of PROCESSING videos whose deadline is before `now` (ISO), at most `limit`. */
  listOverdue(now: string, limit: number): Promise<string[]>;
  publisher: StatusPublisher;
  /** MediaConvert CancelJob; a job that already ended is not an error. */
  cancelJob(jobId: string): Promise<void>;
  /** The upload and its accepted copy (functions/lib/upload-keys.ts). */
  deleteRawUpload(videoId: string): Promise<void>;
  /** Every playback file of a video: what its job wrote before it was canceled. */
  deletePlaybackOutputs(videoId: string): Promise<void>;
  logger: Logger;
  now?: () => number;
  /** Videos handled per run at most; the next run takes the rest. */
  batchLimit?: number;
}

async function runQuietly(deps: WatchdogDependencies, videoId: string, what: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    deps.logger.warn(`${what} failed`, { videoId, error });
  }
}

export async function failOverdueVideos(
  deps: WatchdogDependencies,
): Promise<{ failed: string[]; abandoned: string[] }> {
  const now = new Date((deps.now ?? Date.now)()).toISOString();
  const failed: string[] = [];
  const abandoned: string[] = [];
  for (const videoId of await deps.listOverdue(now, deps.batchLimit ?? 100)) {
    // Conditional on no title and no job: a video registered since the query is failed instead.
    if (await deps.deleteUnregistered(videoId, now)) {
      abandoned.push(videoId);
      deps.logger.info('Upload never registered in its window; deleted with its record', { videoId });
      // The lifecycle rule expires what a failed delete leaves.
      await runQuietly(deps, videoId, 'Deleting the upload', () => deps.deleteRawUpload(videoId));
      continue;
    }
    // Conditional on PROCESSING: a video that finished since the query is left alone.
    const video = await deps.store.markFailed(videoId, OVERDUE_REASON);
    if (!video) continue;
    failed.push(videoId);
    deps.logger.warn('Video passed its deadline; marked FAILED', { videoId, jobId: video.jobId });
    // The stored FAILED is what counts: a side effect that fails is logged and the rest go on
    // (the lifecycle rule expires a leftover upload). What the job writes until it stops,
    // job-events deletes when its CANCELED event comes.
    const sideEffects: Array<[string, () => Promise<void>]> = [
      ['Canceling the job', async () => (video.jobId ? deps.cancelJob(video.jobId) : undefined)],
      ['Deleting what the job wrote', () => deps.deletePlaybackOutputs(videoId)],
      ['Deleting the upload', () => deps.deleteRawUpload(videoId)],
      ['Publishing the FAILED state', () => deps.publisher.publish(buildPublishInput(video))],
    ];
    for (const [what, run] of sideEffects) await runQuietly(deps, videoId, what, run);
  }
  return { failed, abandoned };
}
