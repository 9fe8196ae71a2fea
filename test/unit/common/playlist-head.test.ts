import { startsLikePlaylist } from '../../../common/playlist-head';

const text = (value: string) => Buffer.from(value, 'utf8');

describe('startsLikePlaylist', () => {
  test.each([
    ['HLS', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:9/a.ts\n'],
    ['HLS after a byte order mark and blank lines', '\uFEFF\n\n  #EXTM3U\n#EXTINF:2,\nfile:///etc/passwd\n'],
    ['ffconcat', "ffconcat version 1.0\nfile 'file:///etc/hostname'\n"],
    ['PLS', '[playlist]\nFile1=http://example.com/a.mp4\n'],
    ['DASH', '<?xml version="1.0" encoding="UTF-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">'],
    ['DASH with a comment first', '<?xml version="1.0"?>\n<!-- made by hand -->\n<MPD>'],
    ['SMIL', '<smil><body><video src="http://example.com/a.mp4"/></body></smil>'],
    ['XSPF', '<?xml version="1.0"?><playlist version="1" xmlns="http://xspf.org/ns/0/">'],
    ['ASX', '<asx version="3.0"><entry><ref href="http://example.com/a.wmv"/></entry></asx>'],
  ])('%s is a playlist', (_, value) => {
    expect(startsLikePlaylist(text(value))).toBe(true);
  });

  test.each([
    ['an MP4 header', Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex')],
    ['meeting notes', text('meeting notes, not a video\n'.repeat(20))],
    ['a segment line without the header', text('#EXTINF:2,\nhttp://127.0.0.1:9/a.ts\n')],
    ['an empty file', Buffer.alloc(0)],
  ])('%s is not', (_, value) => {
    expect(startsLikePlaylist(value)).toBe(false);
  });
});
