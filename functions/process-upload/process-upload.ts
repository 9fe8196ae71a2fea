import { createHash } from 'node:crypto';
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { buildJobSettings } from '../lib/job-settings';
import type { JobSettingsOptions } from '../lib/job-settings';
import { computeLadder } from '../lib/ladder';
import type { Logger } from '@aws-lambda-powertools/logger';
import { VIDEO_STATUS } from '../lib/pipeline-video';
import type { PipelineVideo } from '../lib/pipeline-video';
import { ProbeError } from '../../common/ffprobe';
import type { ProbeFacts } from '../lib/probe';
import type { StatusPublisher } from '../lib/ports/status-publisher';
import type { VideoStore } from '../lib/ports/video-store';
import { buildPublishInput } from '../lib/publish-status';
import type { UploadedObject } from '../lib/s3-notifications';

// One uploaded object: who uploaded it, is it a video, which ladder, then exactly one MediaConvert
// job for it. Every step can run twice (SQS delivers at least once) without a second job.

export interface ProcessUploadDependencies {
  store: VideoStore;
  publisher: StatusPublisher;
  /** The x-amz-meta-user-id the POST policy bound to the uploader; null when the object is gone. */
  readUploader(key: string): Promise<{ userId: string | undefined } | null>;
  /** A short-lived GET URL for ffprobe, so the Lambda never downloads the whole file. */
  presignedGetUrl(key: string): Promise<string>;
  probe(url: string): Promise<ProbeFacts>;
  createJob(request: CreateJobRequest): Promise<string>;
  deleteRawUpload(key: string): Promise<void>;
  jobSettings: Pick<JobSettingsOptions, 'playbackBucket' | 'roleArn' | 'statusUpdateIntervalSeconds'> & {
    rawBucket: string;
  };
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

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The same upload (key and content) always gets the same token: MediaConvert's own duplicate guard. */
export function buildClientRequestToken(object: Pick<UploadedObject, 'key' | 'eTag'>): string {
  // S3 notifications carry the ETag bare, HeadObject and listings quoted: one upload, one token.
  const eTag = object.eTag.replace(/^"(.*)"$/, '$1');
  return createHash('sha256').update(`${object.key}\n${eTag}`).digest('hex').slice(0, 64);
}

async function publishQuietly(
  video: PipelineVideo | undefined,
  dependencies: ProcessUploadDependencies,
): Promise<void> {
  if (!video) return;
  try {
    await dependencies.publisher.publish(buildPublishInput(video));
  } catch (error) {
    // The stored state is what counts; the owner's next read or event shows it.
    dependencies.logger.warn('Publishing the status change failed', { error });
  }
}

async function fail(videoId: string, reason: string, dependencies: ProcessUploadDependencies): Promise<void> {
  const failed = await dependencies.store.markFailed(videoId, reason);
  await dependencies.deleteRawUpload(videoId);
  dependencies.logger.info('Upload is not a video it can convert', { reason });
  await publishQuietly(failed, dependencies);
}

export async function processUpload(object: UploadedObject, dependencies: ProcessUploadDependencies): Promise<void> {
  const { logger } = dependencies;
  if (!object.eventName.startsWith('ObjectCreated:')) return;
  const videoId = object.key;
  logger.appendKeys({ videoId });
  if (object.bucket !== dependencies.jobSettings.rawBucket || !ULID.test(videoId)) {
    logger.warn('Ignoring an object that no upload ticket names', { bucket: object.bucket });
    return;
  }
  const existing = await dependencies.store.getVideo(videoId);
  if (existing?.jobId || (existing && existing.status !== VIDEO_STATUS.PROCESSING)) {
    logger.info('Upload already handled (redelivered event)', { jobId: existing.jobId, status: existing.status });
    return;
  }
  const uploader = await dependencies.readUploader(videoId);
  if (!uploader) {
    logger.info('The upload is gone; nothing to do');
    return;
  }
  if (!uploader.userId) {
    // Only a POST with our policy can write here, and it binds the owner; anything else is not ours.
    logger.warn('Upload without owner metadata; deleting it');
    await dependencies.deleteRawUpload(videoId);
    return;
  }
  const now = dependencies.now ?? Date.now;
  const deadlines = dependencies.deadlines ?? DEFAULT_DEADLINES;
  const submitDeadline = new Date(now() + deadlines.submitMinutes * 60_000).toISOString();
  if (
    !(await dependencies.store.createProcessingRecord({ videoId, userId: uploader.userId, deadlineAt: submitDeadline }))
  ) {
    logger.info("The video has a job, has finished, or is not this uploader's; nothing to do");
    return;
  }

  let facts: ProbeFacts;
  try {
    facts = await dependencies.probe(await dependencies.presignedGetUrl(videoId));
  } catch (error) {
    if (error instanceof ProbeError) return fail(videoId, error.message, dependencies);
    throw error;
  }
  const ladder = computeLadder(facts);
  const request: CreateJobRequest = {
    ...buildJobSettings({
      ...dependencies.jobSettings,
      videoId,
      inputUrl: `s3://${dependencies.jobSettings.rawBucket}/${videoId}`,
      ladder,
      hasAudio: facts.hasAudio,
    }),
    ClientRequestToken: buildClientRequestToken(object),
  };
  let jobId: string;
  try {
    jobId = await dependencies.createJob(request);
  } catch (error) {
    // MediaConvert refusing the settings will refuse them on every retry: a verdict, not a fault.
    if ((error as Error).name === 'BadRequestException')
      return fail(videoId, `The video could not be converted: ${(error as Error).message}`, dependencies);
    throw error;
  }
  logger.appendKeys({ jobId });
  if (
    !(await dependencies.store.recordJobId(videoId, jobId, computeJobDeadline(deadlines, facts.durationSeconds, now())))
  ) {
    logger.warn('The video got another job meanwhile; this one is left to finish unrecorded');
    return;
  }
  logger.info('MediaConvert job submitted', {
    rungs: ladder.map((rung) => `${rung.width}x${rung.height}`),
    hasAudio: facts.hasAudio,
    durationSeconds: facts.durationSeconds,
  });
  await publishQuietly(await dependencies.store.getVideo(videoId), dependencies);
}
