import { runningJobOf } from '../../../../functions/uploads/running-job';

describe('runningJobOf', () => {
  test('a deleted PROCESSING record with a job names the job to cancel', () => {
    expect(runningJobOf({ id: 'v', status: 'PROCESSING', jobId: '1700000000000-abc123' })).toBe('1700000000000-abc123');
  });

  test('a finished video, one without a job yet, or no record at all has nothing to cancel', () => {
    expect(runningJobOf({ status: 'DONE', jobId: 'j' })).toBeUndefined();
    expect(runningJobOf({ status: 'FAILED', jobId: 'j' })).toBeUndefined();
    expect(runningJobOf({ status: 'PROCESSING' })).toBeUndefined();
    expect(runningJobOf({ status: 'PROCESSING', jobId: '' })).toBeUndefined();
    expect(runningJobOf({ status: 'PROCESSING', jobId: 7 })).toBeUndefined();
    expect(runningJobOf(null)).toBeUndefined();
    expect(runningJobOf(undefined)).toBeUndefined();
  });
});
