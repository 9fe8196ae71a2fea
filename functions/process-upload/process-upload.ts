import { VIDEO_STATUS } from '../lib/pipeline-video';
import type { PipelineVideo } from '../lib/pipeline-video';
import type { UploadedObject } from '../lib/s3-notifications';
import { isVideoId } from '../lib/video-id';
import { acceptUpload } from './accept-upload';
import type { ProcessUploadDependencies } from './dependencies';
import { submitWhenReady } from './submit-job';

// One S3 event on the raw bucket: a ticket's upload is accepted (accept-upload.ts) and, once its
// owner registered it, becomes exactly one MediaConvert job (submit-job.ts). Every step can run
// twice (SQS delivers at least once) without a second job, and a second upload with a used ticket
// never reaches the probe or the job.

/** Accepted, given a job or finished: the ticket's upload is settled, and a new object at its key is never read. */
function isSettled(video: PipelineVideo): boolean {
  return video.acceptedSource !== undefined || video.jobId !== undefined || video.status !== VIDEO_STATUS.PROCESSING;
}

export async function processUpload(object: UploadedObject, dependencies: ProcessUploadDependencies): Promise<void> {
  const { logger } = dependencies;
  if (!object.eventName.startsWith('ObjectCreated:')) return;
  const videoId = object.key;
  logger.appendKeys({ videoId });
  if (object.bucket !== dependencies.jobSettings.rawBucket || !isVideoId(videoId)) {
    logger.warn('Ignoring an object that no upload ticket names', { bucket: object.bucket });
    return;
  }
  const existing = await dependencies.store.getVideo(videoId);
  if (existing && isSettled(existing)) {
    // A redelivered event, or a second POST with a used ticket: either way the object at the
    // ticket's key is not the accepted one.
    logger.info('Upload already settled; deleting what is at the ticket key unread', {
      jobId: existing.jobId,
      status: existing.status,
    });
    await dependencies.uploads.deleteUpload(videoId);
    // A delivery that accepted the upload and stopped before the job finishes here.
    await submitWhenReady(existing, dependencies);
    return;
  }
  const accepted = await acceptUpload(object, dependencies);
  if (accepted) await submitWhenReady(accepted, dependencies);
}
