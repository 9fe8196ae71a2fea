import { VIDEO_CONTAINERS } from '../../../common/media-containers';
import {
  extensionOf,
  UPLOADABLE_VIDEO_KINDS,
  VIDEO_FILE_ACCEPT,
  VIDEO_FILE_TYPES,
  videoContentTypeOf,
} from '../../../common/video-file-types';

describe('the video files an upload may be', () => {
  test("the allowed containers' file types, each sent as video/*, none of them Ogg", () => {
    const entries = Object.entries(VIDEO_FILE_TYPES);
    expect(entries.length).toBeGreaterThanOrEqual(16);
    for (const [extension, contentType] of entries) {
      expect(extension).toMatch(/^\.[a-z0-9]+$/);
      expect(contentType).toMatch(/^video\/[a-z0-9.+-]+$/);
    }
    expect(Object.keys(VIDEO_FILE_TYPES)).toEqual(
      expect.arrayContaining(['.mp4', '.mov', '.mkv', '.webm', '.avi', '.ts']),
    );
    expect(Object.keys(VIDEO_FILE_TYPES).filter((extension) => /og[gvm]|ogx/.test(extension))).toEqual([]);
    // Every extension belongs to one container only.
    const extensions = VIDEO_CONTAINERS.flatMap((container) => Object.keys(container.fileTypes));
    expect(new Set(extensions).size).toBe(extensions.length);
  });

  test('by extension, any case, any folder; nothing for other files, for Ogg, or for a name that is all extension', () => {
    expect(
      ['a.mp4', 'b.MOV', 'c.webm', 'd.mkv', 'e.ts', 'dir.d/f.M2TS', 'C:\\films\\g.avi'].map(videoContentTypeOf),
    ).toEqual([
      'video/mp4',
      'video/quicktime',
      'video/webm',
      'video/x-matroska',
      'video/mp2t',
      'video/mp2t',
      'video/x-msvideo',
    ]);
    expect(
      ['notes.txt', 'clip', 'song.mp3', 'film.ogv', 'film.ogg', '.mp4', 'mp4.d/clip'].map(videoContentTypeOf),
    ).toEqual(Array(7).fill(undefined));
    expect(extensionOf('harbour.at.dawn.MP4')).toBe('.mp4');
  });

  test("the file picker's accept attribute lists the extensions, so it offers neither .ogv nor any other video", () => {
    expect(VIDEO_FILE_ACCEPT.split(',')).toEqual(Object.keys(VIDEO_FILE_TYPES));
    expect(VIDEO_FILE_ACCEPT).not.toMatch(/ogv|ogg|video\/\*/);
  });

  test('the kinds named to people are those with file types (a GIF is image/gif, which the ticket refuses)', () => {
    expect(UPLOADABLE_VIDEO_KINDS).toEqual(['MP4, MOV, 3GP', 'MKV, WebM', 'AVI', 'WMV', 'FLV', 'MPEG', 'MPEG-TS']);
  });
});
