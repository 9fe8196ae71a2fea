import { UnprocessableRecordError } from '../../../../functions/lib/batch';
import { parseJobStateChange } from '../../../../functions/lib/mediaconvert-events';
import { jobComplete, jobEvent, statusUpdate } from '../../../support/job-events';

const ids = { videoId: '01JVIDEO', jobId: 'job-1' };

describe('parseJobStateChange', () => {
  test('decodes the EventBridge envelope: its id and the job detail', () => {
    const envelope = statusUpdate(ids, 42);
    const event = parseJobStateChange(JSON.stringify(envelope));
    expect(event.id).toBe(envelope.id);
    expect(event.detail).toMatchObject({
      status: 'STATUS_UPDATE',
      jobId: 'job-1',
      userMetadata: { videoId: '01JVIDEO' },
      jobProgress: { jobPercentComplete: 42 },
    });
  });

  test.each([
    ['not JSON', '{nope', 'not JSON'],
    [
      'another detail-type',
      JSON.stringify({ ...statusUpdate(ids, 1), 'detail-type': 'Object Created' }),
      'is not an EventBridge',
    ],
    ['an unknown status', JSON.stringify(jobEvent(ids, { status: 'INPUT_INFORMATION' })), 'Unknown job status'],
    [
      'no videoId',
      JSON.stringify(jobEvent({ ...ids, videoId: '' }, { status: 'PROGRESSING' })),
      'no userMetadata.videoId',
    ],
    ['COMPLETE without outputs', JSON.stringify(jobEvent(ids, { status: 'COMPLETE' })), 'without outputGroupDetails'],
  ])('%s is unprocessable', (_name, body, message) => {
    expect(() => parseJobStateChange(body)).toThrow(UnprocessableRecordError);
    expect(() => parseJobStateChange(body)).toThrow(message);
  });

  test('a COMPLETE event keeps its output groups', () => {
    const event = parseJobStateChange(JSON.stringify(jobComplete(ids)));
    expect(event.detail.status === 'COMPLETE' && event.detail.outputGroupDetails.map((group) => group.type)).toEqual([
      'HLS_GROUP',
      'FILE_GROUP',
    ]);
  });
});
