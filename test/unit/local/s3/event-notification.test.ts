import { buildS3EventRecord, encodeEventKey, matchesEventPattern } from '../../../../local/s3/event-notification';

describe('S3 event notifications', () => {
  const object = {
    key: 'my video.mp4',
    size: 42,
    etag: 'abc',
    contentType: 'video/mp4',
    metadata: {},
    lastModified: '2026-01-01T00:00:00.000Z',
  };

  test("records have S3's shape, keys encoded as S3 encodes them", () => {
    const record = buildS3EventRecord({
      region: 'us-east-1',
      bucket: 'raw',
      eventName: 'ObjectCreated:Post',
      object,
      configurationId: 'uploads',
      requestId: 'r1',
    });
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Post',
      s3: { bucket: { name: 'raw', arn: 'arn:aws:s3:::raw' }, object: { key: 'my+video.mp4', size: 42, eTag: 'abc' } },
    });
    expect(encodeEventKey('a/b c+d.mp4')).toBe('a/b+c%2Bd.mp4');
  });

  test('sequencers grow with each event', () => {
    const build = () =>
      buildS3EventRecord({
        region: 'r',
        bucket: 'b',
        eventName: 'ObjectCreated:Put',
        object,
        configurationId: 'c',
        requestId: 'q',
      }).s3.object.sequencer;
    const first = build();
    const second = build();
    expect(second > first).toBe(true);
  });

  test('event patterns', () => {
    expect(matchesEventPattern('s3:ObjectCreated:*', 'ObjectCreated:Post')).toBe(true);
    expect(matchesEventPattern('s3:ObjectCreated:*', 'ObjectRemoved:Delete')).toBe(false);
    expect(matchesEventPattern('s3:ObjectRemoved:Delete', 'ObjectRemoved:Delete')).toBe(true);
  });
});
