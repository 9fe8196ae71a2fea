import {
  buildFailureReason,
  buildProgressChange,
  classifyJobEvent,
  computeProgress,
  isChangeNeeded,
} from '../../../../functions/lib/job-transitions';
import { parseJobStateChange } from '../../../../functions/lib/mediaconvert-events';
import type { JobStateChangeDetailOf } from '../../../../functions/lib/mediaconvert-events';
import type { PipelineVideo } from '../../../../functions/lib/pipeline-video';
import { jobComplete, jobError, jobEvent, statusUpdate } from '../../../support/job-events';

const ids = { videoId: '01JVIDEO', jobId: 'job-1' };
const processing: PipelineVideo = {
  id: ids.videoId,
  userId: 'owner',
  status: 'PROCESSING',
  progress: 40,
  jobId: 'job-1',
  createdAt: 't',
  updatedAt: 't',
};
const decode = (envelope: unknown) => parseJobStateChange(JSON.stringify(envelope));

describe('classifyJobEvent', () => {
  test("an event of the video's job on a PROCESSING video applies", () => {
    expect(classifyJobEvent(processing, decode(statusUpdate(ids, 50)))).toEqual({ type: 'apply', video: processing });
  });

  test('no record, another job, or a final video: progress is ignored', () => {
    expect(classifyJobEvent(undefined, decode(statusUpdate(ids, 50)))).toMatchObject({ type: 'ignore' });
    expect(classifyJobEvent(processing, decode(jobComplete({ ...ids, jobId: 'job-0' })))).toMatchObject({
      type: 'ignore',
      reason: expect.stringContaining('job-0'),
    });
    for (const status of ['DONE', 'FAILED'] as const) {
      expect(classifyJobEvent({ ...processing, status }, decode(statusUpdate(ids, 60)))).toMatchObject({
        type: 'ignore',
      });
    }
  });

  const ended = () => [decode(jobComplete(ids)), decode(jobError(ids)), decode(jobEvent(ids, { status: 'CANCELED' }))];

  test("a deleted video's job, once it has ended however it ended, has its outputs discarded", () => {
    for (const event of ended())
      expect(classifyJobEvent(undefined, event)).toMatchObject({
        type: 'discard-outputs',
        reason: 'The video was deleted while it was processed.',
      });
  });

  test("a FAILED video's own job ending (the watchdog canceled it) has its outputs discarded; a DONE video's never", () => {
    const failed: PipelineVideo = { ...processing, status: 'FAILED' };
    for (const event of ended()) {
      expect(classifyJobEvent(failed, event)).toMatchObject({ type: 'discard-outputs' });
      expect(classifyJobEvent({ ...processing, status: 'DONE', progress: 100 }, event)).toMatchObject({
        type: 'ignore',
      });
    }
    // Another job's end says nothing about what this video's prefix holds.
    expect(classifyJobEvent(failed, decode(jobError({ ...ids, jobId: 'job-0' })))).toMatchObject({ type: 'ignore' });
  });

  test('the redelivery of the event stored last is a replay, even on a final video', () => {
    const complete = decode(jobComplete(ids));
    const done: PipelineVideo = { ...processing, status: 'DONE', progress: 100, lastJobEventId: complete.id };
    expect(classifyJobEvent(done, complete)).toEqual({ type: 'replay', video: done });
  });

  test('before the job id is recorded, final events wait for it and progress is dropped', () => {
    const unrecorded = { ...processing, jobId: undefined };
    expect(classifyJobEvent(unrecorded, decode(jobComplete(ids)))).toMatchObject({ type: 'retry-later' });
    expect(classifyJobEvent(unrecorded, decode(jobEvent(ids, { status: 'CANCELED' })))).toMatchObject({
      type: 'retry-later',
    });
    expect(classifyJobEvent(unrecorded, decode(statusUpdate(ids, 10)))).toMatchObject({ type: 'ignore' });
  });
});

describe('progress', () => {
  test('computeProgress: whole percent, 0 to 99 (100 belongs to COMPLETE)', () => {
    expect([
      computeProgress(42.7),
      computeProgress(100),
      computeProgress(-3),
      computeProgress(0),
      computeProgress(undefined),
      computeProgress(Number.NaN),
    ]).toEqual([42, 99, 0, 0, undefined, undefined]);
  });

  test('PROGRESSING is progress 0; a STATUS_UPDATE without a percentage (probing) is no change', () => {
    const progressing = decode(jobEvent(ids, { status: 'PROGRESSING' }))
      .detail as JobStateChangeDetailOf<'PROGRESSING'>;
    expect(buildProgressChange(progressing)).toEqual({ type: 'progress', progress: 0 });
    const probing = decode(jobEvent(ids, { status: 'STATUS_UPDATE', jobProgress: { currentPhase: 'PROBING' } }))
      .detail as JobStateChangeDetailOf<'STATUS_UPDATE'>;
    expect(buildProgressChange(probing)).toBeUndefined();
  });

  test('isChangeNeeded: progress only grows; final changes always move a PROCESSING video', () => {
    expect(isChangeNeeded(processing, { type: 'progress', progress: 41 })).toBe(true);
    expect(isChangeNeeded(processing, { type: 'progress', progress: 40 })).toBe(false);
    expect(isChangeNeeded(processing, { type: 'progress', progress: 0 })).toBe(false);
    expect(isChangeNeeded(processing, { type: 'failed', failureReason: 'x' })).toBe(true);
  });
});

describe('buildFailureReason', () => {
  const detail = (extra: Record<string, unknown>) =>
    decode(jobEvent(ids, { status: 'ERROR', ...extra })).detail as JobStateChangeDetailOf<'ERROR'>;

  test("a sentence around MediaConvert's message, ending in one full stop", () => {
    expect(buildFailureReason(detail({ errorCode: 1404, errorMessage: 'Unable to open input file' }))).toBe(
      'The video could not be converted: Unable to open input file.',
    );
    expect(buildFailureReason(detail({ errorMessage: 'Is file truncated?' }))).toBe(
      'The video could not be converted: Is file truncated?',
    );
  });

  test('without a message, the code (or nothing) is named', () => {
    expect(buildFailureReason(detail({ errorCode: 1999 }))).toBe(
      'The video could not be converted (MediaConvert error 1999).',
    );
    expect(buildFailureReason(detail({}))).toBe('The video could not be converted.');
  });
});
