import { buildFfprobeArgs } from '../../../common/ffprobe';

const CONTAINERS = 'mov,matroska,avi,asf,flv,mpeg,mpegts,gif';

describe('buildFfprobeArgs', () => {
  test('a presigned https URL: verified TLS, https over tls over tcp, the allowed containers, the URL last', () => {
    const url = 'https://raw.s3.eu-west-1.amazonaws.com/01J?X-Amz-Signature=abc';
    expect(buildFfprobeArgs(url, '/opt/etc/ssl/certs/ca-bundle.pem')).toEqual([
      '-v',
      'error',
      '-tls_verify',
      '1',
      '-ca_file',
      '/opt/etc/ssl/certs/ca-bundle.pem',
      '-protocol_whitelist',
      'https,tls,tcp',
      '-format_whitelist',
      CONTAINERS,
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      url,
    ]);
  });

  test("the local S3's http URL reads over http only; a path over file only; no TLS options for either", () => {
    const local = buildFfprobeArgs('http://localhost:4569/raw/01J?X-Amz-Signature=abc', '/ca.pem');
    expect(local).not.toContain('-ca_file');
    expect(local[local.indexOf('-protocol_whitelist') + 1]).toBe('http,tcp');
    const path = buildFfprobeArgs('/w/input/01J');
    expect(path[path.indexOf('-protocol_whitelist') + 1]).toBe('file');
    expect(path[path.indexOf('-format_whitelist') + 1]).toBe(CONTAINERS);
    expect(path.at(-1)).toBe('/w/input/01J');
  });
});
