import { buildCompletedJob, findMasterPlaylistKey } from '../lib/completed-job';
import {
  buildFailureReason,
  buildProgressChange,
  CANCELED_REASON,
  classifyJobEvent,
  isChangeNeeded,
} from '../lib/job-transitions';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { JobStateChangeDetailOf, JobStateChangeEvent, JobStatus } from '../lib/mediaconvert-events';
import type { PipelineVideo, VideoChange } from '../lib/pipeline-video';
import { isFinalStatus, VIDEO_STATUS } from '../lib/pipeline-video';
import type { StatusPublisher } from '../lib/ports/status-publisher';
import type { VideoStore } from '../lib/ports/video-store';
import { buildPublishInput } from '../lib/publish-status';

// One MediaConvert job event: decide, store, then announce. Storing comes first so a failed
// announcement never loses state; the announcement is repeated on redelivery (see `replay`).

export interface JobEventDependencies {
  store: VideoStore;
  publisher: StatusPublisher;
  readPlaybackText(key: string): Promise<string>;
  /** The upload and its accepted copy (functions/lib/upload-keys.ts). */
  deleteRawUpload(videoId: string): Promise<void>;
  /** Every playback file of a video. */
  deletePlaybackOutputs(videoId: string): Promise<void>;
  playbackBaseUrl: string;
  logger: Logger;
}

type ChangeBuilder<S extends JobStatus> = (
  detail: JobStateChangeDetailOf<S>,
  deps: JobEventDependencies,
) => Promise<VideoChange | undefined>;

const changeBuilders: { [S in JobStatus]: ChangeBuilder<S> } = {
  PROGRESSING: async (detail) => buildProgressChange(detail),
  STATUS_UPDATE: async (detail) => buildProgressChange(detail),
  COMPLETE: async (detail, deps) => {
    const masterPlaylistKey = findMasterPlaylistKey(detail.outputGroupDetails);
    const masterPlaylist = await deps.readPlaybackText(masterPlaylistKey);
    const completed = buildCompletedJob({
      outputGroupDetails: detail.outputGroupDetails,
      masterPlaylistKey,
      masterPlaylist,
      playbackBaseUrl: deps.playbackBaseUrl,
    });
    return { type: 'done', completed };
  },
  ERROR: async (detail) => ({ type: 'failed', failureReason: buildFailureReason(detail) }),
  CANCELED: async () => ({ type: 'failed', failureReason: CANCELED_REASON }),
};

function buildChange(event: JobStateChangeEvent, deps: JobEventDependencies): Promise<VideoChange | undefined> {
  // The table is keyed by status, so each builder gets its own detail type; TS cannot correlate that.
  const builder = changeBuilders[event.detail.status] as ChangeBuilder<JobStatus>;
  return builder(event.detail, deps);
}

/**
 * What follows a stored change: a final state no longer needs the upload, a FAILED one not what its
 * job wrote before it failed either (partial HLS, a thumbnail); the owner hears of it.
 */
async function finishStoredChange(video: PipelineVideo, deps: JobEventDependencies): Promise<void> {
  if (isFinalStatus(video.status)) await deps.deleteRawUpload(video.id);
  if (video.status === VIDEO_STATUS.FAILED) await deps.deletePlaybackOutputs(video.id);
  await deps.publisher.publish(buildPublishInput(video));
}

/** Reads, decides and writes again when another write slipped in between (bounded). */
const MAX_ATTEMPTS = 3;

export async function processJobEvent(event: JobStateChangeEvent, deps: JobEventDependencies): Promise<void> {
  const { videoId } = event.detail.userMetadata;
  let change: Promise<VideoChange | undefined> | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const decision = classifyJobEvent(await deps.store.getVideo(videoId), event);
    switch (decision.type) {
      case 'ignore':
        deps.logger.info('Job event changes nothing', { reason: decision.reason });
        return;
      case 'discard-outputs':
        deps.logger.info('Discarding the outputs of an ended job', { reason: decision.reason });
        await deps.deletePlaybackOutputs(videoId);
        await deps.deleteRawUpload(videoId);
        return;
      case 'retry-later':
        throw new Error(`${decision.reason} SQS will deliver the event again.`);
      case 'replay':
        // The record carries this event's id, so this is a redelivery of an event whose change is
        // stored: the earlier attempt failed after the write (publish or raw delete). The stored
        // state is this event's state, so announcing it again is exact; the worst case (a plain
        // duplicate of an event that was announced) is one repeated, identical announcement.
        deps.logger.info('Job event was stored before; finishing its side effects again');
        await finishStoredChange(decision.video, deps);
        return;
      case 'apply':
        break;
    }
    change ??= buildChange(event, deps);
    const resolved = await change;
    if (resolved === undefined || !isChangeNeeded(decision.video, resolved)) {
      deps.logger.info('Job event changes nothing', { reason: 'Not newer than the stored state.' });
      return;
    }
    const stored = await deps.store.applyJobTransition(videoId, {
      jobId: event.detail.jobId,
      eventId: event.id,
      change: resolved,
      hasTitle: decision.video.title !== undefined,
    });
    if (stored) {
      deps.logger.info('Stored job event', { status: stored.status, progress: stored.progress });
      await finishStoredChange(stored, deps);
      return;
    }
    // The condition failed: a newer event, or createVideo adding the title, landed after our read.
  }
  throw new Error(`The video changed under ${MAX_ATTEMPTS} attempts in a row; SQS will deliver the event again.`);
}
