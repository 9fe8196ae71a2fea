import { GetJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { Job } from '@aws-sdk/client-mediaconvert';
import type { Endpoints } from '../../local/endpoints';
import { resolveFfmpegBinaries } from '../../local/mediaconvert/ffmpeg-binaries';
import { startMediaConvert } from '../../local/mediaconvert';
import type { LocalMediaConvert, LocalMediaConvertOptions } from '../../local/mediaconvert';
import { eventually } from './eventually';

// A local MediaConvert of a test's own, in this process, on the suite's S3, and the wait for a
// job to end: what the MediaConvert, job-events, fault and disk tests share.

const ACCOUNT_ID = '000000000000';
const FINAL = ['COMPLETE', 'ERROR', 'CANCELED'];

export type TestMediaConvertOptions = Pick<LocalMediaConvertOptions, 'dataDir'> &
  Partial<Omit<LocalMediaConvertOptions, 'dataDir'>>;

/** Free port, the suite's S3 and credentials, the machine's ffmpeg; events dropped unless given. */
export function startTestMediaConvert(
  endpoints: Endpoints,
  options: TestMediaConvertOptions,
): Promise<LocalMediaConvert> {
  return startMediaConvert({
    port: 0,
    region: endpoints.region,
    accountId: ACCOUNT_ID,
    credentials: {
      accessKeyId: endpoints.accessKeyId,
      secretAccessKey: endpoints.secretAccessKey,
      accountId: ACCOUNT_ID,
    },
    s3Endpoint: endpoints.s3Endpoint,
    binaries: resolveFfmpegBinaries(),
    putEvents: () => undefined,
    ...options,
  });
}

/** An SDK client for a local MediaConvert at `endpoint`, signed with the local credentials. */
export function testMediaConvertClient(endpoints: Endpoints, endpoint: string): MediaConvertClient {
  return new MediaConvertClient({
    endpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
}

/** GetJob until the job is COMPLETE, ERROR or CANCELED. */
export function waitForJobEnd(client: MediaConvertClient, id: string, timeoutMs = 90_000): Promise<Job> {
  return eventually(
    async () => {
      const { Job: job } = await client.send(new GetJobCommand({ Id: id }));
      expect(FINAL).toContain(job?.Status);
      return job!;
    },
    { what: `job ${id} to end`, timeoutMs, intervalMs: 100 },
  );
}
