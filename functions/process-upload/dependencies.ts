import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { PipelineLimits } from '../../common/constants/pipeline-limits';
import type { JobSettingsOptions } from '../lib/job-settings';
import type { RawUploads } from '../lib/ports/raw-uploads';
import type { StatusPublisher } from '../lib/ports/status-publisher';
import type { UsageCounter } from '../lib/ports/usage-counter';
import type { OwnerVideos, VideoStore } from '../lib/ports/video-store';
import type { ProbeFacts } from '../lib/probe';

// What process-upload works with: its ports, settings and the watchdog's deadlines.

/** The limits process-upload applies (createUploadUrl applies the ticket rate). */
export type ProcessUploadLimits = Omit<PipelineLimits, 'uploadTicketsPerUserPerMinute'>;

export interface ProcessUploadDependencies {
  store: VideoStore;
  /** The owner's PROCESSING videos, for the limit on videos processing at once. */
  ownerVideos: OwnerVideos;
  publisher: StatusPublisher;
  uploads: RawUploads;
  /** The per-user daily output minutes. */
  usage: UsageCounter;
  probe(url: string): Promise<ProbeFacts>;
  createJob(request: CreateJobRequest): Promise<string>;
  jobSettings: Pick<JobSettingsOptions, 'playbackBucket' | 'roleArn' | 'statusUpdateIntervalSeconds'> & {
    rawBucket: string;
  };
  /** Default: DEFAULT_PIPELINE_LIMITS. */
  limits?: ProcessUploadLimits;
  /** Default: DEFAULT_DEADLINES. */
  deadlines?: DeadlinePolicy;
  now?: () => number;
  logger: Logger;
}

/** How long the watchdog waits before it gives up on a video (functions/watchdog). */
export interface DeadlinePolicy {
  /** From the upload to a submitted job: a probe and one API call. */
  submitMinutes: number;
  /** For the job: this much, plus `perSourceSecond` seconds for each second of video. */
  jobMinutes: number;
  perSourceSecond: number;
}

export const DEFAULT_DEADLINES: DeadlinePolicy = { submitMinutes: 15, jobMinutes: 30, perSourceSecond: 3 };

export function computeJobDeadline(policy: DeadlinePolicy, durationSeconds: number, now: number): string {
  return new Date(now + policy.jobMinutes * 60_000 + durationSeconds * policy.perSourceSecond * 1000).toISOString();
}
