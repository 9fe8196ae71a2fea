import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { buildJobSettings } from '../../functions/lib/job-settings';
import { computeLadder } from '../../functions/lib/ladder';

/** A CreateJob request exactly as the pipeline builds it for a 720p source with audio. */
export function productJob(): CreateJobRequest {
  return buildJobSettings({
    videoId: 'v1',
    inputUrl: 's3://videopipe-raw/v1',
    playbackBucket: 'videopipe-playback',
    ladder: computeLadder({ width: 1280, height: 720, hasAudio: true }),
    hasAudio: true,
    roleArn: 'arn:aws:iam::000000000000:role/mediaconvert',
  });
}
