import { DEFAULT_PIPELINE_LIMITS } from '../../common/constants/pipeline-limits';
import type { PipelineVideo } from '../lib/pipeline-video';
import { buildPublishInput } from '../lib/publish-status';
import { DEFAULT_DEADLINES } from './dependencies';
import type { ProcessUploadDependencies } from './dependencies';

// The endings every step of process-upload shares, and its settings with their defaults.

export function settingsOf(dependencies: ProcessUploadDependencies) {
  return {
    now: dependencies.now ?? Date.now,
    limits: dependencies.limits ?? DEFAULT_PIPELINE_LIMITS,
    deadlines: dependencies.deadlines ?? DEFAULT_DEADLINES,
  };
}

export async function publishQuietly(
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

/** FAILED with a sentence for the owner; the upload and its accepted copy go, and the owner hears of it. */
export async function failUpload(
  videoId: string,
  reason: string,
  dependencies: ProcessUploadDependencies,
): Promise<void> {
  const failed = await dependencies.store.markFailed(videoId, reason);
  await dependencies.uploads.deleteAll(videoId);
  dependencies.logger.info('The upload cannot be converted', { reason });
  await publishQuietly(failed, dependencies);
}
