import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

// MediaConvert "Job State Change" events as EventBridge delivers them, for unit and integration tests.

export const MASTER_PLAYLIST_720P = readFileSync(
  path.join(__dirname, '..', 'fixtures', 'mediaconvert', 'master-720p.m3u8'),
  'utf8',
);

export interface JobEventOptions {
  videoId: string;
  jobId: string;
  playbackBucket?: string;
  /** The EventBridge event id; a redelivery carries the same one. */
  id?: string;
}

export function jobEvent(options: JobEventOptions, detail: Record<string, unknown> & { status: string }) {
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:mediaconvert:us-east-1:000000000000:jobs/${options.jobId}`],
    detail: {
      timestamp: Date.now(),
      accountId: '000000000000',
      queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
      jobId: options.jobId,
      userMetadata: { videoId: options.videoId, bucket: options.playbackBucket ?? 'videopipe-playback' },
      ...detail,
    },
  };
}

export function statusUpdate(options: JobEventOptions, jobPercentComplete: number) {
  return jobEvent(options, {
    status: 'STATUS_UPDATE',
    framesDecoded: 120,
    jobProgress: { phaseProgress: {}, jobPercentComplete, currentPhase: 'TRANSCODING', retryCount: 0 },
  });
}

/** A 720p job's COMPLETE (the rungs of the master playlist fixture) plus its thumbnail. */
export function jobComplete(options: JobEventOptions) {
  const base = `s3://${options.playbackBucket ?? 'videopipe-playback'}/${options.videoId}`;
  const rung = (name: string, widthInPx: number, heightInPx: number, durationInMs: number) => ({
    outputFilePaths: [`${base}/hls/index_${name}.m3u8`],
    durationInMs,
    videoDetails: { widthInPx, heightInPx, averageBitrate: 1_000_000 },
  });
  return jobEvent(options, {
    status: 'COMPLETE',
    outputGroupDetails: [
      {
        type: 'HLS_GROUP',
        playlistFilePaths: [`${base}/hls/index.m3u8`],
        outputDetails: [
          rung('720p', 1280, 720, 12_480),
          rung('480p', 854, 480, 12_500),
          rung('360p', 640, 360, 12_480),
        ],
      },
      {
        type: 'FILE_GROUP',
        outputDetails: [
          {
            outputFilePaths: [`${base}/thumbnail/poster.0000000.jpg`],
            durationInMs: 12_500,
            videoDetails: { widthInPx: 1280, heightInPx: 720 },
          },
        ],
      },
    ],
  });
}

export function jobError(
  options: JobEventOptions,
  errorMessage = 'Demuxer: [ReadPacketData File read failed - end of file hit]',
) {
  return jobEvent(options, { status: 'ERROR', errorCode: 1404, errorMessage });
}
