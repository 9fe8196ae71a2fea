import type { OutputGroupDetail } from '../../../../functions/lib/mediaconvert-events';
import { buildCompletedJob, buildPlaybackUrl, findMasterPlaylistKey } from '../../../../functions/lib/completed-job';
import { MASTER_PLAYLIST_720P, jobComplete } from '../../../support/job-events';

const videoId = '01JCOMPLETEDVIDEO';
const { outputGroupDetails } = jobComplete({ videoId, jobId: 'job-1' }).detail as unknown as {
  outputGroupDetails: OutputGroupDetail[];
};

describe('buildCompletedJob', () => {
  test('duration, top rung size, renditions and URLs of a finished 720p job', () => {
    const masterPlaylistKey = findMasterPlaylistKey(outputGroupDetails);
    expect(masterPlaylistKey).toBe(`${videoId}/hls/index.m3u8`);
    const completed = buildCompletedJob({
      outputGroupDetails,
      masterPlaylistKey,
      masterPlaylist: MASTER_PLAYLIST_720P,
      playbackBaseUrl: 'https://cdn.example.com/',
    });
    expect(completed).toEqual({
      durationSeconds: 12.5,
      width: 1280,
      height: 720,
      renditions: [
        {
          width: 1280,
          height: 720,
          bandwidth: 3296000,
          averageBandwidth: 1962000,
          codecs: 'avc1.64001f,mp4a.40.2',
          playlistPath: `${videoId}/hls/index_720p.m3u8`,
        },
        {
          width: 854,
          height: 480,
          bandwidth: 1550000,
          averageBandwidth: 912000,
          codecs: 'avc1.64001e,mp4a.40.2',
          playlistPath: `${videoId}/hls/index_480p.m3u8`,
        },
        {
          width: 640,
          height: 360,
          bandwidth: 880000,
          averageBandwidth: null,
          codecs: 'avc1.64001e,mp4a.40.2',
          playlistPath: `${videoId}/hls/index_360p.m3u8`,
        },
      ],
      playlistUrl: `https://cdn.example.com/${videoId}/hls/index.m3u8`,
      thumbnailUrl: `https://cdn.example.com/${videoId}/thumbnail/poster.0000000.jpg`,
    });
  });

  test('a variant without RESOLUTION takes its size from the job output; no thumbnail group, no thumbnailUrl', () => {
    const masterPlaylist = `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=880000,CODECS="avc1.64001e"\nindex_360p.m3u8\n`;
    const hlsOnly = outputGroupDetails.filter((group) => group.type === 'HLS_GROUP');
    const completed = buildCompletedJob({
      outputGroupDetails: hlsOnly,
      masterPlaylistKey: `${videoId}/hls/index.m3u8`,
      masterPlaylist,
      playbackBaseUrl: 'http://127.0.0.1:4030/videopipe-playback',
    });
    expect(completed.renditions).toEqual([
      {
        width: 640,
        height: 360,
        bandwidth: 880000,
        averageBandwidth: null,
        codecs: 'avc1.64001e',
        playlistPath: `${videoId}/hls/index_360p.m3u8`,
      },
    ]);
    expect(completed).toMatchObject({ width: 640, height: 360, thumbnailUrl: undefined });
  });

  test('a job without an HLS group, or a master playlist without variants, is an error', () => {
    expect(() => findMasterPlaylistKey([{ type: 'FILE_GROUP' }])).toThrow('no HLS output group');
    expect(() =>
      buildCompletedJob({
        outputGroupDetails,
        masterPlaylistKey: 'k/index.m3u8',
        masterPlaylist: '#EXTM3U\n',
        playbackBaseUrl: 'x',
      }),
    ).toThrow('lists no variant streams');
  });

  test('buildPlaybackUrl joins with exactly one slash', () => {
    expect(buildPlaybackUrl('http://h/b', 'v/hls/index.m3u8')).toBe('http://h/b/v/hls/index.m3u8');
    expect(buildPlaybackUrl('http://h/b//', 'v')).toBe('http://h/b/v');
  });
});
