import type { Job } from '@aws-sdk/client-mediaconvert';
import type { EventEntry } from '../events';
import type { FrameCaptureResult, HlsGroupResult, TranscodeResult } from './transcode';

// "MediaConvert Job State Change" events in the shape EventBridge delivers them from AWS (source
// aws.mediaconvert; detail fields in camelCase, as the service sends them).

export const JOB_STATE_CHANGE = 'MediaConvert Job State Change';

export type JobEventStatus = 'PROGRESSING' | 'STATUS_UPDATE' | 'COMPLETE' | 'ERROR' | 'CANCELED';

export type JobPhase = 'PROBING' | 'TRANSCODING' | 'UPLOADING';

export interface OutputGroupDetailEvent {
  type: 'HLS_GROUP' | 'FILE_GROUP';
  playlistFilePaths?: string[];
  outputDetails: Array<{
    outputFilePaths: string[];
    durationInMs: number;
    videoDetails: { widthInPx: number; heightInPx: number; averageBitrate?: number };
  }>;
}

const s3Url = (file: { bucket: string; key: string }) => `s3://${file.bucket}/${file.key}`;

function hlsDetail(group: HlsGroupResult): OutputGroupDetailEvent {
  return {
    type: 'HLS_GROUP',
    playlistFilePaths: [s3Url(group.master)],
    outputDetails: group.outputs.map((output) => ({
      outputFilePaths: [s3Url(output.playlist)],
      durationInMs: output.durationInMs,
      videoDetails: { widthInPx: output.width, heightInPx: output.height, averageBitrate: output.averageBitrate },
    })),
  };
}

function fileDetail(group: FrameCaptureResult): OutputGroupDetailEvent {
  const lastCapture = group.captures.at(-1);
  if (!lastCapture)
    throw new Error('A frame-capture result holds at least one capture: collectFrameCaptures fails on none.');
  return {
    type: 'FILE_GROUP',
    // MediaConvert names the last capture of a frame-capture output.
    outputDetails: [
      {
        outputFilePaths: [s3Url(lastCapture)],
        durationInMs: group.durationInMs,
        videoDetails: { widthInPx: group.width, heightInPx: group.height },
      },
    ],
  };
}

export function buildOutputGroupDetails(result: TranscodeResult): OutputGroupDetailEvent[] {
  return result.groups.map((group) => (group.type === 'HLS_GROUP' ? hlsDetail(group) : fileDetail(group)));
}

export interface JobEventOptions {
  job: Job;
  status: JobEventStatus;
  accountId: string;
  /** STATUS_UPDATE only. */
  progress?: { percent: number; phase: JobPhase; framesDecoded: number };
  /** COMPLETE only. */
  outputGroupDetails?: OutputGroupDetailEvent[];
}

export function buildJobEvent(options: JobEventOptions): EventEntry {
  const { job } = options;
  const detail: Record<string, unknown> = {
    timestamp: Date.now(),
    accountId: options.accountId,
    queue: job.Queue,
    jobId: job.Id,
    status: options.status,
    userMetadata: job.UserMetadata ?? {},
  };
  if (options.progress) {
    detail.framesDecoded = options.progress.framesDecoded;
    detail.jobProgress = {
      phaseProgress: {
        PROBING: { status: 'COMPLETE', percentComplete: 100 },
        TRANSCODING: {
          status: options.progress.phase === 'TRANSCODING' ? 'PROGRESSING' : 'COMPLETE',
          percentComplete: Math.floor(options.progress.percent),
        },
        UPLOADING: { status: options.progress.phase === 'UPLOADING' ? 'PROGRESSING' : 'PENDING', percentComplete: 0 },
      },
      jobPercentComplete: Math.floor(options.progress.percent),
      currentPhase: options.progress.phase,
      retryCount: job.RetryCount ?? 0,
    };
  }
  if (options.status === 'COMPLETE') detail.outputGroupDetails = options.outputGroupDetails ?? [];
  if (options.status === 'ERROR') {
    detail.errorCode = job.ErrorCode;
    detail.errorMessage = job.ErrorMessage;
  }
  return { source: 'aws.mediaconvert', detailType: JOB_STATE_CHANGE, resources: [job.Arn as string], detail };
}
