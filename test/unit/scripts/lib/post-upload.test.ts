import { buildMultipartFrame } from '../../../../scripts/lib/post-upload';

describe('buildMultipartFrame', () => {
  test('the fields, then the file part header; the closing boundary after the file', () => {
    const { head, tail } = buildMultipartFrame(
      'B',
      { key: 'k1', 'Content-Type': 'video/mp4' },
      'my "clip".mp4',
      'video/mp4',
    );
    expect(head.toString()).toBe(
      '--B\r\nContent-Disposition: form-data; name="key"\r\n\r\nk1\r\n' +
        '--B\r\nContent-Disposition: form-data; name="Content-Type"\r\n\r\nvideo/mp4\r\n' +
        '--B\r\nContent-Disposition: form-data; name="file"; filename="my _clip_.mp4"\r\nContent-Type: video/mp4\r\n\r\n',
    );
    expect(tail.toString()).toBe('\r\n--B--\r\n');
  });
});
