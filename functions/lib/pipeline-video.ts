import type { Rendition, VideoStatus } from '../../generated/graphql';
import type { SourceFacts } from './ladder';

// The video record as the media pipeline sees it (DESIGN.md "Data"), and the changes it makes.

export const VIDEO_STATUS = {
  PROCESSING: 'PROCESSING',
  DONE: 'DONE',
  FAILED: 'FAILED',
} as const satisfies Record<VideoStatus, VideoStatus>;

export type StoredRendition = Omit<Rendition, '__typename'>;

/**
 * The upload process-upload copied to its accepted key (functions/lib/upload-keys.ts) and probed:
 * what the job is made from. Stored as one map attribute, which no GraphQL field names.
 */
export interface AcceptedSource extends SourceFacts {
  /** The ETag of the upload the accepted copy was made from (as S3's event gave it, unquoted). */
  eTag: string;
  durationSeconds: number;
}

export interface PipelineVideo {
  id: string;
  userId: string;
  /** Present once the owner registered the upload through createVideo. */
  title?: string;
  description?: string;
  status: VideoStatus;
  progress: number;
  createdAt: string;
  updatedAt: string;
  /** Present once the upload was copied, probed and found within the limits; the job waits for a title too. */
  acceptedSource?: AcceptedSource;
  jobId?: string;
  /** When the watchdog gives up on the video (ISO time), while it is PROCESSING. */
  deadlineAt?: string;
  /** EventBridge id of the last job event stored, so its redelivery can finish what it started. */
  lastJobEventId?: string;
  durationSeconds?: number;
  width?: number;
  height?: number;
  renditions?: StoredRendition[];
  playlistUrl?: string;
  thumbnailUrl?: string;
  failureReason?: string;
  feedKey?: string;
}

/** What a finished job produced, ready to store. */
export interface CompletedJob {
  durationSeconds: number;
  width: number;
  height: number;
  renditions: StoredRendition[];
  playlistUrl: string;
  thumbnailUrl?: string;
}

export type VideoChange =
  | { type: 'progress'; progress: number }
  | { type: 'done'; completed: CompletedJob }
  | { type: 'failed'; failureReason: string };

/** One job event's change, and the facts the store must re-check when it writes. */
export interface JobTransition {
  jobId: string;
  eventId: string;
  change: VideoChange;
  /** Whether the video had a title when read: a DONE video with one joins the public feed in the same write. */
  hasTitle: boolean;
}

export function isFinalStatus(status: VideoStatus): boolean {
  return status === VIDEO_STATUS.DONE || status === VIDEO_STATUS.FAILED;
}
