import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { Logger } from '@aws-lambda-powertools/logger';
import { buildClientRequestToken, processUpload } from '../../../../functions/process-upload/process-upload';
import type { ProcessUploadDependencies } from '../../../../functions/process-upload/process-upload';
import type { PipelineVideo } from '../../../../functions/lib/pipeline-video';
import { ProbeError } from '../../../../common/ffprobe';
import type { ProbeFacts } from '../../../../functions/lib/probe';
import type { VideoStore } from '../../../../functions/lib/ports/video-store';
import type { UploadedObject } from '../../../../functions/lib/s3-notifications';

const videoId = '01JB8Z6Q3M4N5P6R7S8T9V0W1X';
const upload: UploadedObject = {
  eventName: 'ObjectCreated:Post',
  bucket: 'raw',
  key: videoId,
  size: 1000,
  eTag: 'abc',
};
const hd: ProbeFacts = {
  width: 1280,
  height: 720,
  rotation: 0,
  hasAudio: true,
  durationSeconds: 5,
  videoCodec: 'h264',
};

function fakes(
  options: { existing?: PipelineVideo; uploader?: string | null; probe?: ProbeFacts | Error; recordJob?: boolean } = {},
) {
  const jobs: CreateJobRequest[] = [];
  const store = {
    getVideo: jest.fn(async () => options.existing),
    createProcessingRecord: jest.fn(async () => true),
    recordJobId: jest.fn(async () => options.recordJob ?? true),
    markFailed: jest.fn(
      async (id: string, reason: string) =>
        ({
          id,
          userId: 'ann',
          status: 'FAILED',
          progress: 0,
          failureReason: reason,
          createdAt: 't',
          updatedAt: 't',
        }) satisfies PipelineVideo,
    ),
    applyJobTransition: jest.fn(),
  } satisfies VideoStore;
  const deps = {
    store,
    publisher: { publish: jest.fn(async () => undefined) },
    readUploader: jest.fn(async () => (options.uploader === null ? null : { userId: options.uploader ?? 'ann' })),
    presignedGetUrl: jest.fn(async (key: string) => `https://raw.example/${key}?signed`),
    probe: jest.fn(async () => {
      if (options.probe instanceof Error) throw options.probe;
      return options.probe ?? hd;
    }),
    createJob: jest.fn(async (request: CreateJobRequest) => {
      jobs.push(request);
      return 'job-1';
    }),
    deleteRawUpload: jest.fn(async () => undefined),
    jobSettings: {
      rawBucket: 'raw',
      playbackBucket: 'playback',
      roleArn: 'arn:aws:iam::1:role/mc',
      statusUpdateIntervalSeconds: 10,
    },
    deadlines: { submitMinutes: 15, jobMinutes: 30, perSourceSecond: 3 },
    now: () => Date.parse('2026-12-02T10:00:00.000Z'),
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
  } satisfies ProcessUploadDependencies;
  return { deps, jobs };
}

describe('processUpload', () => {
  test('a new upload: PROCESSING record for its uploader, probed through a signed URL, one job with the ladder', async () => {
    const { deps, jobs } = fakes();
    await processUpload(upload, deps);
    // The watchdog's deadlines: 15 min to submit, then 30 min + 3 s per second of the 5 s source.
    expect(deps.store.createProcessingRecord).toHaveBeenCalledWith({
      videoId,
      userId: 'ann',
      deadlineAt: '2026-12-02T10:15:00.000Z',
    });
    expect(deps.probe).toHaveBeenCalledWith(`https://raw.example/${videoId}?signed`);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      ClientRequestToken: buildClientRequestToken(upload),
      UserMetadata: { videoId, bucket: 'playback' },
      StatusUpdateInterval: 'SECONDS_10',
    });
    expect(jobs[0]?.Settings?.Inputs?.[0]?.FileInput).toBe(`s3://raw/${videoId}`);
    expect(jobs[0]?.Settings?.OutputGroups?.[0]?.Outputs?.map((output) => output.VideoDescription?.Height)).toEqual([
      720, 480, 360, 240,
    ]);
    expect(deps.store.recordJobId).toHaveBeenCalledWith(videoId, 'job-1', '2026-12-02T10:30:15.000Z');
  });

  test('a redelivered event for a video that has its job starts nothing', async () => {
    const { deps } = fakes({
      existing: {
        id: videoId,
        userId: 'ann',
        status: 'PROCESSING',
        progress: 0,
        jobId: 'job-1',
        createdAt: 't',
        updatedAt: 't',
      },
    });
    await processUpload(upload, deps);
    expect(deps.createJob).not.toHaveBeenCalled();
    expect(deps.store.createProcessingRecord).not.toHaveBeenCalled();
  });

  test('the same upload always gets the same token; another upload of the key another', () => {
    expect(buildClientRequestToken(upload)).toBe(buildClientRequestToken({ ...upload }));
    expect(buildClientRequestToken(upload)).toBe(buildClientRequestToken({ ...upload, eTag: `"${upload.eTag}"` }));
    expect(buildClientRequestToken(upload)).not.toBe(buildClientRequestToken({ ...upload, eTag: 'other' }));
    expect(buildClientRequestToken(upload)).toHaveLength(64);
  });

  test('not a video: FAILED with the probe reason, the upload deleted, the owner told, no job', async () => {
    const { deps } = fakes({ probe: new ProbeError('The file has no video in it.') });
    await processUpload(upload, deps);
    expect(deps.store.markFailed).toHaveBeenCalledWith(videoId, 'The file has no video in it.');
    expect(deps.deleteRawUpload).toHaveBeenCalledWith(videoId);
    expect(deps.publisher.publish).toHaveBeenCalledWith(
      expect.objectContaining({ id: videoId, status: 'FAILED', failureReason: 'The file has no video in it.' }),
    );
    expect(deps.createJob).not.toHaveBeenCalled();
  });

  test('an ffprobe that cannot run is an error for SQS to retry, not a failed video', async () => {
    const { deps } = fakes({ probe: new Error('ffprobe was not found at /opt/bin/ffprobe: set FFPROBE_PATH') });
    await expect(processUpload(upload, deps)).rejects.toThrow('ffprobe was not found');
    expect(deps.store.markFailed).not.toHaveBeenCalled();
  });

  test('objects no ticket made, removals and vanished uploads are left alone; unowned ones deleted', async () => {
    const removed = fakes();
    await processUpload({ ...upload, eventName: 'ObjectRemoved:Delete' }, removed.deps);
    await processUpload({ ...upload, key: 'notes/readme.txt' }, removed.deps);
    expect(removed.deps.readUploader).not.toHaveBeenCalled();
    const gone = fakes({ uploader: null });
    await processUpload(upload, gone.deps);
    expect(gone.deps.store.createProcessingRecord).not.toHaveBeenCalled();
    const unowned = fakes({ uploader: '' });
    await processUpload(upload, unowned.deps);
    expect(unowned.deps.deleteRawUpload).toHaveBeenCalledWith(videoId);
    expect(unowned.deps.createJob).not.toHaveBeenCalled();
  });

  test('a failed publish does not fail the record: the stored state is what counts', async () => {
    const { deps } = fakes({ probe: new ProbeError('The file has no video in it.') });
    deps.publisher.publish.mockRejectedValueOnce(new Error('AppSync is down'));
    await expect(processUpload(upload, deps)).resolves.toBeUndefined();
  });

  test('settings MediaConvert refuses end FAILED with its message (every retry would be refused too); other errors are retried', async () => {
    const refused = fakes();
    refused.deps.createJob.mockRejectedValueOnce(
      Object.assign(
        new Error(
          '/settings/outputGroups/0/outputs/0/videoDescription/width: must be an even whole number from 32 to 8192; got 2.',
        ),
        { name: 'BadRequestException' },
      ),
    );
    await processUpload(upload, refused.deps);
    expect(refused.deps.store.markFailed).toHaveBeenCalledWith(
      videoId,
      expect.stringMatching(/^The video could not be converted: .*width/),
    );
    expect(refused.deps.deleteRawUpload).toHaveBeenCalledWith(videoId);
    const throttled = fakes();
    throttled.deps.createJob.mockRejectedValueOnce(
      Object.assign(new Error('Too many requests'), { name: 'TooManyRequestsException' }),
    );
    await expect(processUpload(upload, throttled.deps)).rejects.toThrow('Too many requests');
    expect(throttled.deps.store.markFailed).not.toHaveBeenCalled();
  });
});
