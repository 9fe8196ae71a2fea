import type { EventBridgeEvent } from 'aws-lambda';
import { UnprocessableRecordError } from './batch';

// MediaConvert "Job State Change" events as EventBridge delivers them (AWS's documented shape),
// and the one place that checks a message really is one.

export const JOB_STATUS = {
  PROGRESSING: 'PROGRESSING',
  STATUS_UPDATE: 'STATUS_UPDATE',
  COMPLETE: 'COMPLETE',
  ERROR: 'ERROR',
  CANCELED: 'CANCELED',
} as const;
export type JobStatus = (typeof JOB_STATUS)[keyof typeof JOB_STATUS];

export interface JobUserMetadata {
  videoId: string;
  bucket?: string;
}

interface JobDetailBase {
  timestamp: number;
  accountId?: string;
  queue?: string;
  jobId: string;
  userMetadata: JobUserMetadata;
}

export interface JobProgress {
  jobPercentComplete?: number;
  currentPhase?: 'PROBING' | 'TRANSCODING' | 'UPLOADING';
  retryCount?: number;
  phaseProgress?: Record<string, unknown>;
}

export interface OutputDetail {
  outputFilePaths?: string[];
  durationInMs?: number;
  videoDetails?: { widthInPx?: number; heightInPx?: number; averageBitrate?: number };
}

export interface OutputGroupDetail {
  type: string;
  playlistFilePaths?: string[];
  outputDetails?: OutputDetail[];
}

export type JobStateChangeDetail =
  | (JobDetailBase & { status: 'PROGRESSING' })
  | (JobDetailBase & { status: 'STATUS_UPDATE'; framesDecoded?: number; jobProgress?: JobProgress })
  | (JobDetailBase & { status: 'COMPLETE'; outputGroupDetails: OutputGroupDetail[] })
  | (JobDetailBase & { status: 'ERROR'; errorCode?: number; errorMessage?: string })
  | (JobDetailBase & { status: 'CANCELED' });

export type JobStateChangeDetailOf<S extends JobStatus> = Extract<JobStateChangeDetail, { status: S }>;

const DETAIL_TYPE = 'MediaConvert Job State Change';

/** The parts of the EventBridge envelope the pipeline reads; `id` is unique per event and stays the same on redelivery. */
export type JobStateChangeEvent = Pick<EventBridgeEvent<typeof DETAIL_TYPE, JobStateChangeDetail>, 'id' | 'detail'> &
  Partial<Pick<EventBridgeEvent<typeof DETAIL_TYPE, JobStateChangeDetail>, 'time'>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && Object.hasOwn(JOB_STATUS, value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Decodes an SQS body; throws UnprocessableRecordError for anything that is not such an event. */
export function parseJobStateChange(body: string): JobStateChangeEvent {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new UnprocessableRecordError('The message is not JSON.');
  }
  if (
    !isRecord(envelope) ||
    envelope['detail-type'] !== DETAIL_TYPE ||
    !nonEmptyString(envelope.id) ||
    !isRecord(envelope.detail)
  ) {
    throw new UnprocessableRecordError(`The message is not an EventBridge "${DETAIL_TYPE}" event.`);
  }
  const detail = envelope.detail;
  if (!isJobStatus(detail.status)) {
    throw new UnprocessableRecordError(`Unknown job status ${JSON.stringify(detail.status)}.`);
  }
  if (!nonEmptyString(detail.jobId) || !isRecord(detail.userMetadata) || !nonEmptyString(detail.userMetadata.videoId)) {
    throw new UnprocessableRecordError('The event names no jobId or no userMetadata.videoId.');
  }
  if (detail.status === JOB_STATUS.COMPLETE && !Array.isArray(detail.outputGroupDetails)) {
    throw new UnprocessableRecordError('A COMPLETE event without outputGroupDetails.');
  }
  return {
    id: envelope.id,
    time: typeof envelope.time === 'string' ? envelope.time : undefined,
    detail: detail as unknown as JobStateChangeDetail,
  };
}
