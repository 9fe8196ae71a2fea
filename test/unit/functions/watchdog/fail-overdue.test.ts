import { Logger } from '@aws-lambda-powertools/logger';
import { failOverdueVideos, OVERDUE_REASON } from '../../../../functions/watchdog/fail-overdue';
import type { WatchdogDependencies } from '../../../../functions/watchdog/fail-overdue';
import type { PipelineVideo } from '../../../../functions/lib/pipeline-video';

function fakes(overdue: string[], options: { finishedMeanwhile?: string[]; unregistered?: string[] } = {}) {
  const deps = {
    listOverdue: jest.fn(async () => overdue),
    store: {
      markFailed: jest.fn(async (id: string, reason: string) =>
        options.finishedMeanwhile?.includes(id)
          ? undefined
          : ({
              id,
              userId: 'ann',
              status: 'FAILED' as const,
              progress: 40,
              failureReason: reason,
              jobId: `job-${id}`,
              createdAt: 't',
              updatedAt: 't',
            } satisfies PipelineVideo),
      ),
    },
    deleteUnregistered: jest.fn(async (id: string): Promise<PipelineVideo | undefined> =>
      options.unregistered?.includes(id)
        ? { id, userId: 'ann', status: 'PROCESSING', progress: 0, createdAt: 't', updatedAt: 't' }
        : undefined,
    ),
    publisher: { publish: jest.fn(async () => undefined) },
    cancelJob: jest.fn(async () => undefined),
    deleteRawUpload: jest.fn(async () => undefined),
    deletePlaybackOutputs: jest.fn(async () => undefined),
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    now: () => Date.parse('2026-12-02T10:00:00.000Z'),
  } satisfies WatchdogDependencies;
  return deps;
}

describe('failOverdueVideos', () => {
  test('each overdue video: FAILED with the reason, its job canceled, its outputs and upload deleted, its owner told', async () => {
    const deps = fakes(['v1', 'v2']);
    expect(await failOverdueVideos(deps)).toEqual({ failed: ['v1', 'v2'], abandoned: [] });
    expect(deps.listOverdue).toHaveBeenCalledWith('2026-12-02T10:00:00.000Z', 100);
    expect(deps.store.markFailed).toHaveBeenCalledWith('v1', OVERDUE_REASON);
    expect(deps.cancelJob.mock.calls).toEqual([['job-v1'], ['job-v2']]);
    expect(deps.deletePlaybackOutputs.mock.calls).toEqual([['v1'], ['v2']]);
    expect(deps.deleteRawUpload.mock.calls).toEqual([['v1'], ['v2']]);
    // Canceled before its outputs go, so less is written after the delete.
    expect(deps.cancelJob.mock.invocationCallOrder[0]).toBeLessThan(
      deps.deletePlaybackOutputs.mock.invocationCallOrder[0] ?? 0,
    );
    expect(deps.publisher.publish).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'v1', status: 'FAILED', failureReason: OVERDUE_REASON }),
    );
  });

  test('an upload never registered in its window: its record and upload deleted, nothing failed, canceled or announced', async () => {
    const deps = fakes(['v1', 'v2'], { unregistered: ['v1'] });
    expect(await failOverdueVideos(deps)).toEqual({ failed: ['v2'], abandoned: ['v1'] });
    expect(deps.deleteUnregistered).toHaveBeenCalledWith('v1', '2026-12-02T10:00:00.000Z');
    expect(deps.store.markFailed.mock.calls.map(([id]) => id)).toEqual(['v2']);
    expect(deps.deleteRawUpload.mock.calls).toEqual([['v1'], ['v2']]);
    expect(deps.cancelJob.mock.calls).toEqual([['job-v2']]);
    expect(deps.publisher.publish).toHaveBeenCalledTimes(1);
    expect(deps.publisher.publish).toHaveBeenCalledWith(expect.objectContaining({ id: 'v2' }));
  });

  test('a video that finished since the query is left alone', async () => {
    const deps = fakes(['v1'], { finishedMeanwhile: ['v1'] });
    expect(await failOverdueVideos(deps)).toEqual({ failed: [], abandoned: [] });
    expect(deps.cancelJob).not.toHaveBeenCalled();
    expect(deps.deletePlaybackOutputs).not.toHaveBeenCalled();
    expect(deps.publisher.publish).not.toHaveBeenCalled();
  });

  test('a side effect that fails does not stop the others or the next video', async () => {
    const deps = fakes(['v0', 'v1', 'v2'], { unregistered: ['v0'] });
    deps.deleteRawUpload.mockRejectedValueOnce(new Error('S3 is down'));
    deps.cancelJob.mockRejectedValueOnce(new Error('MediaConvert is down'));
    deps.publisher.publish.mockRejectedValueOnce(new Error('AppSync is down'));
    deps.deletePlaybackOutputs.mockRejectedValueOnce(new Error('S3 is down'));
    expect(await failOverdueVideos(deps)).toEqual({ failed: ['v1', 'v2'], abandoned: ['v0'] });
    expect(deps.deleteRawUpload.mock.calls).toEqual([['v0'], ['v1'], ['v2']]);
    expect(deps.publisher.publish).toHaveBeenCalledTimes(2);
  });
});
