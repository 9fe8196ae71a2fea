import { UnprocessableRecordError } from '../../../../functions/lib/batch';
import { buildRegistrationNotice } from '../../../../functions/lib/registration-notice';
import { parseUploadsQueueMessage } from '../../../../functions/process-upload/queue-message';

const videoId = '01JB8Z6Q3M4N5P6R7S8T9V0W1X';

describe('parseUploadsQueueMessage', () => {
  test("a registration notice as the uploads Lambda writes it, and S3's notifications", () => {
    expect(parseUploadsQueueMessage(buildRegistrationNotice(videoId))).toEqual({ kind: 'registered', videoId });
    expect(parseUploadsQueueMessage(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual({
      kind: 'uploaded',
      objects: [],
    });
    expect(
      parseUploadsQueueMessage(
        JSON.stringify({
          Records: [
            { eventName: 'ObjectCreated:Post', s3: { bucket: { name: 'raw' }, object: { key: videoId, eTag: 'e' } } },
          ],
        }),
      ),
    ).toMatchObject({ kind: 'uploaded', objects: [{ key: videoId, eTag: 'e', bucket: 'raw' }] });
  });

  test('a notice without a video id, and anything that is not JSON, cannot be processed (dropped, not retried)', () => {
    for (const body of [
      JSON.stringify({ type: 'video-registered', videoId: '../x' }),
      JSON.stringify({ type: 'video-registered' }),
      'null',
      'not json',
    ])
      expect(() => parseUploadsQueueMessage(body)).toThrow(UnprocessableRecordError);
  });
});
