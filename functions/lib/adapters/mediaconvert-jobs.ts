import { CancelJobCommand } from '@aws-sdk/client-mediaconvert';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';

/**
 * MediaConvert CancelJob. A job that ended already (ConflictException) or that MediaConvert does
 * not know (NotFoundException) has nothing left to stop, so neither is an error.
 */
export async function cancelMediaConvertJob(mediaconvert: MediaConvertClient, jobId: string): Promise<void> {
  try {
    await mediaconvert.send(new CancelJobCommand({ Id: jobId }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'ConflictException' && name !== 'NotFoundException') throw error;
  }
}
