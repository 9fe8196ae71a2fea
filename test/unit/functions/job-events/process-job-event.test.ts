import { Logger } from '@aws-lambda-powertools/logger';
import { processJobEvent } from '../../../../functions/job-events/process-job-event';
import type { JobEventDependencies } from '../../../../functions/job-events/process-job-event';
import { parseJobStateChange } from '../../../../functions/lib/mediaconvert-events';
import type { JobTransition, PipelineVideo } from '../../../../functions/lib/pipeline-video';
import type { VideoStore } from '../../../../functions/lib/ports/video-store';
import { jobComplete, jobError, jobEvent, MASTER_PLAYLIST_720P, statusUpdate } from '../../../support/job-events';

const ids = { videoId: '01JVIDEO', jobId: 'job-1' };
const processing: PipelineVideo = {
  id: ids.videoId,
  userId: 'owner',
  status: 'PROCESSING',
  progress: 10,
  jobId: 'job-1',
  createdAt: 't',
  updatedAt: 't',
};

/** A store whose reads return the given records in turn, and whose writes answer as told. */
function fakeDependencies(reads: PipelineVideo[], writes: Array<PipelineVideo | undefined>) {
  const transitions: JobTransition[] = [];
  const store: Pick<VideoStore, 'getVideo' | 'applyJobTransition'> = {
    getVideo: async () => reads.shift(),
    applyJobTransition: async (_videoId, transition) => {
      transitions.push(transition);
      return writes.shift();
    },
  };
  const deps = {
    store: store as VideoStore,
    publisher: { publish: jest.fn(async () => undefined) },
    readPlaybackText: jest.fn(async () => MASTER_PLAYLIST_720P),
    deleteRawUpload: jest.fn(async () => undefined),
    deletePlaybackOutputs: jest.fn(async () => undefined),
    playbackBaseUrl: 'https://cdn.example.com',
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
  } satisfies JobEventDependencies;
  return { deps, transitions };
}

describe('processJobEvent', () => {
  test('createVideo adding the title between read and write: the second attempt lists the video in the feed', async () => {
    const event = parseJobStateChange(JSON.stringify(jobComplete(ids)));
    const done: PipelineVideo = { ...processing, title: 'Late title', status: 'DONE', progress: 100 };
    const { deps, transitions } = fakeDependencies(
      [processing, { ...processing, title: 'Late title' }],
      [undefined, done],
    );

    await processJobEvent(event, deps);

    // One playlist read serves both attempts; the second write expects the title.
    expect(transitions.map((transition) => transition.hasTitle)).toEqual([false, true]);
    expect(deps.readPlaybackText).toHaveBeenCalledTimes(1);
    expect(deps.deleteRawUpload).toHaveBeenCalledWith(ids.videoId);
    expect(deps.publisher.publish).toHaveBeenCalledWith(
      expect.objectContaining({ id: ids.videoId, status: 'DONE', progress: 100 }),
    );
  });

  test('a newer event landing between read and write: the lower progress is dropped on the second look', async () => {
    const event = parseJobStateChange(JSON.stringify(statusUpdate(ids, 30)));
    const { deps, transitions } = fakeDependencies([processing, { ...processing, progress: 60 }], [undefined]);
    await processJobEvent(event, deps);
    expect(transitions).toHaveLength(1);
    expect(deps.publisher.publish).not.toHaveBeenCalled();
  });

  test('a record that keeps changing fails the event after three attempts, so SQS delivers it again', async () => {
    const event = parseJobStateChange(JSON.stringify(statusUpdate(ids, 30)));
    const { deps } = fakeDependencies([processing, processing, processing], [undefined, undefined, undefined]);
    await expect(processJobEvent(event, deps)).rejects.toThrow('3 attempts');
  });

  test('the redelivery of a stored event announces it (and deletes the upload) again without writing', async () => {
    const event = parseJobStateChange(JSON.stringify(jobComplete(ids)));
    const done: PipelineVideo = { ...processing, status: 'DONE', progress: 100, lastJobEventId: event.id };
    const { deps, transitions } = fakeDependencies([done], []);
    await processJobEvent(event, deps);
    expect(transitions).toEqual([]);
    expect(deps.deleteRawUpload).toHaveBeenCalledWith(ids.videoId);
    expect(deps.publisher.publish).toHaveBeenCalledWith(expect.objectContaining({ status: 'DONE' }));
  });

  test.each([
    ['ERROR', jobError(ids)],
    ['CANCELED', jobEvent(ids, { status: 'CANCELED' })],
  ])(
    '%s: FAILED is stored, then the partial outputs and the upload go before the owner is told',
    async (_, envelope) => {
      const event = parseJobStateChange(JSON.stringify(envelope));
      const failed: PipelineVideo = { ...processing, status: 'FAILED', failureReason: 'x' };
      const { deps } = fakeDependencies([processing], [failed]);
      const order: string[] = [];
      deps.deletePlaybackOutputs.mockImplementation(async () => void order.push('outputs'));
      deps.publisher.publish.mockImplementation(async () => void order.push('publish'));

      await processJobEvent(event, deps);

      expect(deps.deletePlaybackOutputs).toHaveBeenCalledWith(ids.videoId);
      expect(deps.deleteRawUpload).toHaveBeenCalledWith(ids.videoId);
      expect(order).toEqual(['outputs', 'publish']);
    },
  );

  test('DONE keeps its outputs; the redelivery of a stored FAILED deletes the outputs again', async () => {
    const complete = parseJobStateChange(JSON.stringify(jobComplete(ids)));
    const done = fakeDependencies([processing], [{ ...processing, status: 'DONE', progress: 100 }]);
    await processJobEvent(complete, done.deps);
    expect(done.deps.deletePlaybackOutputs).not.toHaveBeenCalled();

    const error = parseJobStateChange(JSON.stringify(jobError(ids)));
    const replayed = fakeDependencies([{ ...processing, status: 'FAILED', lastJobEventId: error.id }], []);
    await processJobEvent(error, replayed.deps);
    expect(replayed.transitions).toEqual([]);
    expect(replayed.deps.deletePlaybackOutputs).toHaveBeenCalledWith(ids.videoId);
  });

  test('a failed outputs delete fails the event before the announcement, so SQS delivers it again', async () => {
    const event = parseJobStateChange(JSON.stringify(jobError(ids)));
    const { deps } = fakeDependencies([processing], [{ ...processing, status: 'FAILED' }]);
    deps.deletePlaybackOutputs.mockRejectedValue(new Error('S3 is down'));
    await expect(processJobEvent(event, deps)).rejects.toThrow('S3 is down');
    expect(deps.publisher.publish).not.toHaveBeenCalled();
  });

  test('a canceled job of a video deleted meanwhile: what it wrote after deleteVideo goes too', async () => {
    const event = parseJobStateChange(JSON.stringify(jobEvent(ids, { status: 'CANCELED' })));
    const { deps, transitions } = fakeDependencies([], []);
    await processJobEvent(event, deps);
    expect(deps.deletePlaybackOutputs).toHaveBeenCalledWith(ids.videoId);
    expect(transitions).toHaveLength(0);
    expect(deps.publisher.publish).not.toHaveBeenCalled();
  });

  test('a finished job of a video deleted meanwhile: its outputs and upload are removed, nothing is stored', async () => {
    const event = parseJobStateChange(JSON.stringify(jobComplete(ids)));
    const { deps, transitions } = fakeDependencies([], []);
    await processJobEvent(event, deps);
    expect(deps.deletePlaybackOutputs).toHaveBeenCalledWith(ids.videoId);
    expect(deps.deleteRawUpload).toHaveBeenCalledWith(ids.videoId);
    expect(transitions).toHaveLength(0);
    expect(deps.publisher.publish).not.toHaveBeenCalled();
  });
});
