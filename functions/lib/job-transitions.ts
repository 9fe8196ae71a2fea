import type { JobStateChangeDetailOf, JobStateChangeEvent } from './mediaconvert-events';
import { JOB_STATUS } from './mediaconvert-events';
import type { PipelineVideo, VideoChange } from './pipeline-video';
import { isFinalStatus, VIDEO_STATUS } from './pipeline-video';

// The rules that decide whether a job event may change a video. Pure, so every ordering of
// duplicated, late and stale events can be tested without a table. The store re-checks the same
// rules in its conditional write (another event may land between our read and our write).

export type JobEventDecision =
  /** Build the event's change and store it. */
  | { type: 'apply'; video: PipelineVideo }
  /** This very event's change is stored already: a redelivery, so finish its side effects again. */
  | { type: 'replay'; video: PipelineVideo }
  | { type: 'ignore'; reason: string }
  /** The job ended for a video that was deleted or FAILED meanwhile: what it wrote belongs to no one. */
  | { type: 'discard-outputs'; reason: string }
  /** The record does not know its job yet (process-upload records it right after CreateJob). */
  | { type: 'retry-later'; reason: string };

export const CANCELED_REASON = 'Processing was canceled.';

/** Progress stays below 100 until COMPLETE says the outputs exist. */
const MAX_RUNNING_PROGRESS = 99;

export function classifyJobEvent(video: PipelineVideo | undefined, event: JobStateChangeEvent): JobEventDecision {
  const { jobId, status } = event.detail;
  // COMPLETE, ERROR or CANCELED: the job writes nothing after it, so a cleanup then is the last one needed.
  const ended = status === JOB_STATUS.COMPLETE || status === JOB_STATUS.ERROR || status === JOB_STATUS.CANCELED;
  if (!video) {
    // process-upload writes the record before it creates the job, so a job without one is a
    // deleted video's. deleteVideo cleaned up already, but a job still running (or one being
    // canceled) may have written since: once it has ended, its outputs go.
    return ended
      ? { type: 'discard-outputs', reason: 'The video was deleted while it was processed.' }
      : { type: 'ignore', reason: 'No video record has this id (never recorded, or deleted).' };
  }
  if (video.lastJobEventId === event.id) return { type: 'replay', video };
  if (video.jobId === undefined) {
    // A final event must not be lost to that short window; progress can be.
    return ended
      ? { type: 'retry-later', reason: 'The video has no job id recorded yet.' }
      : { type: 'ignore', reason: 'The video has no job id recorded yet.' };
  }
  if (video.jobId !== jobId)
    return { type: 'ignore', reason: `The event is for job ${jobId}, the video's job is ${video.jobId}.` };
  // The watchdog failed the video and canceled its job: what the job wrote after that cleanup goes
  // once it has ended. A DONE video's outputs are what it plays, never touched here.
  if (video.status === VIDEO_STATUS.FAILED && ended)
    return { type: 'discard-outputs', reason: 'The video FAILED before its job ended.' };
  if (isFinalStatus(video.status)) return { type: 'ignore', reason: `The video is ${video.status} already.` };
  return { type: 'apply', video };
}

/** Whether a change still moves the video forward: progress only grows. */
export function isChangeNeeded(video: PipelineVideo, change: VideoChange): boolean {
  return change.type !== 'progress' || change.progress > video.progress;
}

export function computeProgress(jobPercentComplete: number | undefined): number | undefined {
  if (typeof jobPercentComplete !== 'number' || !Number.isFinite(jobPercentComplete)) return undefined;
  return Math.min(MAX_RUNNING_PROGRESS, Math.max(0, Math.floor(jobPercentComplete)));
}

/** STATUS_UPDATE (and PROGRESSING, as 0): undefined when the event carries no percentage. */
export function buildProgressChange(
  detail: JobStateChangeDetailOf<'STATUS_UPDATE'> | JobStateChangeDetailOf<'PROGRESSING'>,
): VideoChange | undefined {
  const progress =
    detail.status === JOB_STATUS.PROGRESSING ? 0 : computeProgress(detail.jobProgress?.jobPercentComplete);
  return progress === undefined ? undefined : { type: 'progress', progress };
}

export function buildFailureReason(detail: JobStateChangeDetailOf<'ERROR'>): string {
  const message = detail.errorMessage?.trim();
  if (!message) {
    return detail.errorCode === undefined
      ? 'The video could not be converted.'
      : `The video could not be converted (MediaConvert error ${detail.errorCode}).`;
  }
  return `The video could not be converted: ${message}${/[.!?]$/.test(message) ? '' : '.'}`;
}
