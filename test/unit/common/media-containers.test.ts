import {
  PLAYLIST_REFUSAL,
  VIDEO_CONTAINERS,
  buildInputAllowListArgs,
  describeRefusedContainer,
  inputProtocols,
  isAllowedContainer,
} from '../../../common/media-containers';

const ALLOWED = 'mov,matroska,avi,asf,flv,mpeg,mpegts,gif';

describe('the input allow-lists', () => {
  test('a presigned URL reads over its own protocol only; a path over file only', () => {
    expect(inputProtocols('https://raw.s3.eu-west-1.amazonaws.com/01J?X-Amz-Signature=a')).toEqual([
      'https',
      'tls',
      'tcp',
    ]);
    expect(inputProtocols('http://localhost:4569/raw/01J?X-Amz-Signature=a')).toEqual(['http', 'tcp']);
    expect(inputProtocols('/data/work/job/input/01J')).toEqual(['file']);
    // Whatever else a string names is read as a path, which ffmpeg then refuses to open by any other protocol.
    expect(inputProtocols('data:text/plain,#EXTM3U')).toEqual(['file']);
  });

  test('the arguments name both lists, for the probe and the transcoder alike', () => {
    expect(buildInputAllowListArgs('https://bucket.s3.amazonaws.com/key')).toEqual([
      '-protocol_whitelist',
      'https,tls,tcp',
      '-format_whitelist',
      ALLOWED,
    ]);
    expect(buildInputAllowListArgs('/w/input/key')).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      ALLOWED,
    ]);
  });

  test('no playlist, manifest, image sequence or nested-protocol demuxer is allowed', () => {
    const allowed = VIDEO_CONTAINERS.map((container) => container.demuxer);
    for (const referencing of ['hls', 'applehttp', 'concat', 'dash', 'imf', 'sdp', 'rtsp', 'image2', 'tee', 'mpd'])
      expect(allowed).not.toContain(referencing);
  });

  test("a format_name is allowed when one of its names is an allowed demuxer's", () => {
    for (const name of ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'avi', 'asf', 'flv', 'mpeg', 'mpegts', 'gif'])
      expect(isAllowedContainer(name)).toBe(true);
    for (const name of ['hls', 'concat', 'ogg', 'png_pipe', 'mpegvideo', 'mp4', 'webm', ''])
      expect(isAllowedContainer(name)).toBe(false);
  });

  test('a refusal says what the file is and what to upload instead', () => {
    expect(describeRefusedContainer('hls')).toBe(PLAYLIST_REFUSAL);
    expect(describeRefusedContainer('concat')).toBe(PLAYLIST_REFUSAL);
    expect(PLAYLIST_REFUSAL).toBe('The file is a playlist, not a video: upload the video file itself.');
    expect(describeRefusedContainer('png_pipe')).toBe(
      'The file is a still picture, not a video: upload a video, not an image.',
    );
    expect(describeRefusedContainer('ogg')).toBe(
      "The file's format (ogg) cannot be converted: upload a video in MP4, MOV, 3GP, MKV, WebM, AVI, WMV, FLV, MPEG, MPEG-TS or GIF.",
    );
  });
});
