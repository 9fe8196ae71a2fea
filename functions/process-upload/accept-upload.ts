import { ProbeError } from '../../common/ffprobe';
import { tooManyProcessingForThisUpload } from '../lib/limit-messages';
import type { PipelineVideo } from '../lib/pipeline-video';
import type { ProbeFacts } from '../lib/probe';
import type { UploadedObject } from '../lib/s3-notifications';
import { findSourceLimitBreach } from '../lib/source-limits';
import type { ProcessUploadDependencies } from './dependencies';
import { failUpload, settingsOf } from './outcomes';

// The checks an upload passes before any job: the notified object is copied to its accepted key
// (functions/lib/upload-keys.ts), that copy is probed and held to the limits, and its facts are
// stored. From here on the accepted copy is all the pipeline reads: a later POST with the same
// ticket replaces only the object at the ticket's key, which is deleted unread.

/** S3 notifications carry the ETag bare, HeadObject and listings quoted. */
function bareETag(eTag: string): string {
  return eTag.replace(/^"(.*)"$/, '$1');
}

/**
 * The accepted copy of exactly the notified upload, and its owner; undefined when this delivery
 * has nothing to do: another upload of the ticket was accepted, or this one was replaced by a later
 * one (whose own event follows) or is gone.
 */
async function copyNotifiedUpload(
  object: UploadedObject,
  dependencies: ProcessUploadDependencies,
): Promise<{ userId: string } | undefined> {
  const { uploads, store, logger } = dependencies;
  const videoId = object.key;
  const eTag = bareETag(object.eTag);
  const now = settingsOf(dependencies).now;
  const copied = await uploads.readAccepted(videoId);
  const upload = copied ? undefined : await uploads.readUpload(videoId);
  const userId = copied ? copied.userId : upload?.userId;
  if (copied && copied.sourceETag !== eTag) {
    logger.info('Another upload with this ticket was accepted; deleting this one unread');
    await uploads.deleteUpload(videoId);
    return undefined;
  }
  if (!copied && !upload) {
    logger.info('The upload is gone; nothing to do');
    return undefined;
  }
  if (!userId) {
    // Only a POST with our policy can write here, and it binds the owner; anything else is not ours.
    logger.warn('Upload without owner metadata; deleting it');
    await uploads.deleteUpload(videoId);
    return undefined;
  }
  // The record (and its deadline, for the watchdog) comes before the copy, so no copy outlives it.
  const submitDeadline = new Date(now() + settingsOf(dependencies).deadlines.submitMinutes * 60_000).toISOString();
  if (!(await store.createProcessingRecord({ videoId, userId, deadlineAt: submitDeadline }))) {
    logger.info("The video has an accepted upload or a job, has finished, or is not this uploader's; nothing to do");
    return undefined;
  }
  if (!copied && !(await uploads.copyToAccepted(videoId, { sourceETag: eTag, userId }))) {
    const winner = await uploads.readAccepted(videoId);
    if (!winner) {
      logger.info('The upload was replaced by a later one (whose own event follows) or deleted; nothing to do');
      return undefined;
    }
    if (winner.sourceETag !== eTag) {
      logger.info('Another upload with this ticket was accepted meanwhile; deleting this one unread');
      await uploads.deleteUpload(videoId);
      return undefined;
    }
    // A redelivery of this same event copied it meanwhile.
  }
  // The accepted copy is the upload now; whatever is at the ticket's key is never read.
  await uploads.deleteUpload(videoId);
  return { userId };
}

/** ffprobe's facts about the accepted copy; undefined when the file is not a video it can read (then FAILED). */
async function probeAccepted(
  videoId: string,
  dependencies: ProcessUploadDependencies,
): Promise<ProbeFacts | undefined> {
  try {
    return await dependencies.probe(await dependencies.uploads.acceptedReadUrl(videoId));
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error;
    await failUpload(videoId, error.message, dependencies);
    return undefined;
  }
}

/**
 * Accepts the notified upload: copied, probed, within the limits, its facts stored. Returns the
 * record as written (with the title if the owner registered first), or undefined when the upload
 * was refused (FAILED) or is not this delivery's to accept.
 */
export async function acceptUpload(
  object: UploadedObject,
  dependencies: ProcessUploadDependencies,
): Promise<PipelineVideo | undefined> {
  const videoId = object.key;
  const owner = await copyNotifiedUpload(object, dependencies);
  if (!owner) return undefined;
  const facts = await probeAccepted(videoId, dependencies);
  if (!facts) return undefined;
  const { now, limits } = settingsOf(dependencies);
  const breach = findSourceLimitBreach(facts, limits);
  if (breach) {
    await failUpload(videoId, breach, dependencies);
    return undefined;
  }
  // This video's record is one of them: more than the limit means this one is one too many.
  const processing = await dependencies.ownerVideos.countProcessing(owner.userId);
  if (processing > limits.processingVideosPerUser) {
    await failUpload(videoId, tooManyProcessingForThisUpload(processing, limits.processingVideosPerUser), dependencies);
    return undefined;
  }
  const accepted = await dependencies.store.acceptUpload(videoId, {
    userId: owner.userId,
    source: {
      eTag: bareETag(object.eTag),
      width: facts.width,
      height: facts.height,
      rotation: facts.rotation,
      hasAudio: facts.hasAudio,
      durationSeconds: facts.durationSeconds,
    },
    // The owner registers within the window, or the watchdog deletes the upload unconverted.
    deadlineAt: new Date(now() + limits.registrationWindowMinutes * 60_000).toISOString(),
  });
  if (!accepted) dependencies.logger.info('The video finished or got a job meanwhile; nothing to store');
  else dependencies.logger.info('Upload accepted', { ...facts, titled: accepted.title !== undefined });
  return accepted;
}
