import { createHash } from 'node:crypto';
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { buildJobSettings } from '../lib/job-settings';
import { computeLadder } from '../lib/ladder';
import { outputMinutesExceeded } from '../lib/limit-messages';
import { countOutputMinutes } from '../lib/output-minutes';
import { VIDEO_STATUS } from '../lib/pipeline-video';
import type { PipelineVideo } from '../lib/pipeline-video';
import { usageKey, utcDay } from '../lib/usage-windows';
import { computeJobDeadline } from './dependencies';
import type { ProcessUploadDependencies } from './dependencies';
import { failUpload, publishQuietly, settingsOf } from './outcomes';

// The job of an accepted upload, once its owner has registered it: both the S3 event's delivery and
// the registration notice's end here, whichever finds the record with both its accepted upload and
// its title (each reads what the other wrote, ALL_NEW or GetItem after it). Run twice, it still
// makes one job: MediaConvert's ClientRequestToken, the usage counter's request id and
// recordJobId's condition each let the second run change nothing.

/** The same upload (key and content) always gets the same token: MediaConvert's own duplicate guard. */
export function buildClientRequestToken(object: { key: string; eTag: string }): string {
  // S3 notifications carry the ETag bare, HeadObject and listings quoted: one upload, one token.
  const eTag = object.eTag.replace(/^"(.*)"$/, '$1');
  return createHash('sha256').update(`${object.key}\n${eTag}`).digest('hex').slice(0, 64);
}

export async function submitWhenReady(video: PipelineVideo, dependencies: ProcessUploadDependencies): Promise<void> {
  const { logger } = dependencies;
  const source = video.acceptedSource;
  if (!source || video.jobId !== undefined || video.status !== VIDEO_STATUS.PROCESSING) return;
  if (video.title === undefined) {
    logger.info('Accepted; the job waits for the owner to register the video (createVideo)');
    return;
  }
  const { now, limits, deadlines } = settingsOf(dependencies);
  const ladder = computeLadder(source);
  const minutes = countOutputMinutes(source.durationSeconds, ladder.length);
  const day = utcDay(now());
  const usage = await dependencies.usage.add({
    key: usageKey('output-minutes', video.userId, day),
    amount: minutes,
    limit: limits.outputMinutesPerUserPerDay,
    expiresAtEpochSeconds: Math.ceil(day.endsAt / 1000),
    requestId: video.id,
  });
  if (!usage.counted) {
    const reason = outputMinutesExceeded({
      needed: minutes,
      renditions: ladder.length,
      used: usage.total,
      limit: limits.outputMinutesPerUserPerDay,
      now: now(),
      resetsAt: day.endsAt,
    });
    return failUpload(video.id, reason, dependencies);
  }
  const request: CreateJobRequest = {
    ...buildJobSettings({
      ...dependencies.jobSettings,
      videoId: video.id,
      inputUrl: dependencies.uploads.acceptedInputUrl(video.id),
      ladder,
      hasAudio: source.hasAudio,
    }),
    ClientRequestToken: buildClientRequestToken({ key: video.id, eTag: source.eTag }),
  };
  let jobId: string;
  try {
    jobId = await dependencies.createJob(request);
  } catch (error) {
    // MediaConvert refusing the settings will refuse them on every retry: a verdict, not a fault.
    if ((error as Error).name === 'BadRequestException')
      return failUpload(video.id, `The video could not be converted: ${(error as Error).message}`, dependencies);
    throw error;
  }
  logger.appendKeys({ jobId });
  if (
    !(await dependencies.store.recordJobId(
      video.id,
      jobId,
      computeJobDeadline(deadlines, source.durationSeconds, now()),
    ))
  ) {
    logger.warn('The video got another job or finished meanwhile; this one is left to finish unrecorded');
    return;
  }
  logger.info('MediaConvert job submitted', {
    rungs: ladder.map((rung) => `${rung.width}x${rung.height}`),
    hasAudio: source.hasAudio,
    durationSeconds: source.durationSeconds,
    outputMinutes: minutes,
  });
  await publishQuietly(await dependencies.store.getVideo(video.id), dependencies);
}
