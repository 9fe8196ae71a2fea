import type { ProcessUploadDependencies } from './dependencies';
import { submitWhenReady } from './submit-job';

// A registration notice (functions/lib/registration-notice.ts): createVideo stored a title on a
// video whose upload may be accepted already; if so, its job starts now.

export async function processRegistration(videoId: string, dependencies: ProcessUploadDependencies): Promise<void> {
  dependencies.logger.appendKeys({ videoId });
  const video = await dependencies.store.getVideo(videoId);
  if (!video) {
    dependencies.logger.info('No record for the registered video (deleted since); nothing to do');
    return;
  }
  await submitWhenReady(video, dependencies);
}
