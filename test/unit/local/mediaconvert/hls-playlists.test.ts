import {
  buildCodecsString,
  buildMasterPlaylist,
  computeBandwidth,
  parseMediaPlaylist,
  readAvcCodec,
} from '../../../../local/mediaconvert/hls-playlists';

describe('HLS playlists', () => {
  test('segments of a media playlist', () => {
    const text =
      '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000000,\nindex_720p_00001.ts\n#EXTINF:2.5,\nindex_720p_00002.ts\n#EXT-X-ENDLIST\n';
    expect(parseMediaPlaylist(text)).toEqual([
      { uri: 'index_720p_00001.ts', durationSeconds: 6 },
      { uri: 'index_720p_00002.ts', durationSeconds: 2.5 },
    ]);
  });

  test('BANDWIDTH is the peak segment rate, AVERAGE-BANDWIDTH the whole', () => {
    const rates = computeBandwidth([
      { uri: 'a', durationSeconds: 6, bytes: 750_000 },
      { uri: 'b', durationSeconds: 6, bytes: 1_500_000 },
      { uri: 'c', durationSeconds: 0.5, bytes: 100_000 },
    ]);
    expect(rates.bandwidth).toBe(2_000_000);
    expect(rates.averageBandwidth).toBe(Math.ceil((2_350_000 * 8) / 12.5));
    expect(rates.durationSeconds).toBe(12.5);
  });

  test('RFC 6381 codecs from the SPS bytes: profile_idc, constraint flags, level_idc', () => {
    // An access unit delimiter, then SPS (nal type 7): High (100 = 0x64), no constraints, level 3.1.
    const segment = Buffer.from([
      0x47, 0x40, 0x00, 0x10, 0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9,
    ]);
    expect(readAvcCodec(segment)).toBe('avc1.64001f');
    expect(readAvcCodec(Buffer.from([0, 0, 1, 0x68, 1, 2, 3, 4]))).toBeNull();
    expect(buildCodecsString('avc1.64001f', true)).toBe('avc1.64001f,mp4a.40.2');
    expect(buildCodecsString('avc1.4d401e', false)).toBe('avc1.4d401e');
  });

  test('the master playlist lists each variant with the attributes players pick by', () => {
    const text = buildMasterPlaylist([
      {
        uri: 'index_720p.m3u8',
        width: 1280,
        height: 720,
        bandwidth: 3_100_000,
        averageBandwidth: 2_000_000,
        codecs: 'avc1.64001f,mp4a.40.2',
        frameRate: 29.97,
      },
    ]);
    expect(text).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970\nindex_720p.m3u8\n',
    );
  });
});
