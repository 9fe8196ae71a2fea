import type { AcceptedSource, JobTransition, PipelineVideo } from '../pipeline-video';

/** The PROCESSING record createProcessingRecord writes. */
export interface ProcessingRecordOptions {
  videoId: string;
  userId: string;
  jobId?: string;
  deadlineAt?: string;
}

/**
 * The pipeline's writes to the video record (process-upload and job-events). Every write is
 * conditional, so a redelivered message or a late event cannot undo a newer state.
 */
export interface VideoStore {
  getVideo(videoId: string): Promise<PipelineVideo | undefined>;

  /**
   * The PROCESSING record for an upload, written when there is none yet, or when there is one of
   * the same owner that is still PROCESSING without a job or an accepted upload (createVideo may
   * come first; its title and description are kept). Returns false when the record has a job or an
   * accepted upload already, has finished, or belongs to someone else. `deadlineAt` (ISO time) is
   * when the watchdog gives up on it.
   */
  createProcessingRecord(options: ProcessingRecordOptions): Promise<boolean>;

  /**
   * Stores the accepted upload's facts and the new deadline on the owner's PROCESSING record that
   * has no job yet. Returns the record as written (with a title, if createVideo wrote one before),
   * or undefined when the condition did not hold.
   */
  acceptUpload(
    videoId: string,
    accepted: { userId: string; source: AcceptedSource; deadlineAt: string },
  ): Promise<PipelineVideo | undefined>;

  /** Records the MediaConvert job of a PROCESSING video and its new deadline; false when it has a different job. */
  recordJobId(videoId: string, jobId: string, deadlineAt?: string): Promise<boolean>;

  /** FAILED with a reason a person understands, unless the video finished already (then undefined). */
  markFailed(videoId: string, failureReason: string): Promise<PipelineVideo | undefined>;

  /**
   * Stores a job event's change if it still holds when written: the video's job is
   * `transition.jobId`, it is PROCESSING, progress only grows, and (for DONE, which lists titled
   * videos in the feed) the title's presence still matches `hasTitle`. Returns the stored record,
   * or undefined when the condition no longer held.
   */
  applyJobTransition(videoId: string, transition: JobTransition): Promise<PipelineVideo | undefined>;
}

/**
 * A user's videos across records (the byOwner index). Apart from VideoStore so that a handler that
 * only writes records bundles no Query and needs no grant on the index.
 */
export interface OwnerVideos {
  /** How many of the user's videos are PROCESSING. */
  countProcessing(userId: string): Promise<number>;
}
