import { parseAttributeList, parseMasterPlaylist } from '../../../../functions/lib/hls-master-playlist';
import { MASTER_PLAYLIST_720P } from '../../../support/job-events';

describe('parseMasterPlaylist', () => {
  test('reads every variant of a MediaConvert master playlist, in order', () => {
    expect(parseMasterPlaylist(MASTER_PLAYLIST_720P)).toEqual([
      {
        uri: 'index_720p.m3u8',
        bandwidth: 3296000,
        averageBandwidth: 1962000,
        width: 1280,
        height: 720,
        codecs: 'avc1.64001f,mp4a.40.2',
      },
      {
        uri: 'index_480p.m3u8',
        bandwidth: 1550000,
        averageBandwidth: 912000,
        width: 854,
        height: 480,
        codecs: 'avc1.64001e,mp4a.40.2',
      },
      {
        uri: 'index_360p.m3u8',
        bandwidth: 880000,
        averageBandwidth: undefined,
        width: 640,
        height: 360,
        codecs: 'avc1.64001e,mp4a.40.2',
      },
    ]);
  });

  test('CRLF line ends, blank lines and comments before the URI are tolerated', () => {
    const text =
      '#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.42e01e"\r\n\r\n# a comment\r\nlow/index.m3u8\r\n';
    expect(parseMasterPlaylist(text)).toEqual([
      { uri: 'low/index.m3u8', bandwidth: 500000, averageBandwidth: undefined, codecs: 'avc1.42e01e' },
    ]);
  });

  test('a media playlist has no variants; text that is not a playlist, or a stream without BANDWIDTH, throws', () => {
    expect(parseMasterPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\nsegment_00001.ts\n')).toEqual([]);
    expect(() => parseMasterPlaylist('<Error>NoSuchKey</Error>')).toThrow('does not start with #EXTM3U');
    expect(() => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\nlow.m3u8\n')).toThrow(
      'needs BANDWIDTH',
    );
    expect(() => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n')).toThrow('needs BANDWIDTH and a URI');
  });
});

describe('parseAttributeList', () => {
  test('quoted values keep their commas; unquoted ones are trimmed', () => {
    expect(parseAttributeList('BANDWIDTH=1, CODECS="a,b",RESOLUTION=2x3,NAME="x=y"')).toEqual({
      BANDWIDTH: '1',
      CODECS: 'a,b',
      RESOLUTION: '2x3',
      NAME: 'x=y',
    });
  });
});
