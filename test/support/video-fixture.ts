import type { VideoDetailsFragment } from '../../generated/client-operations';

/**
 * A video as the web client's queries select it (the VideoDetails fragment, a superset of
 * VideoCard), with the __typename Apollo's cache keys it by. Typed from codegen, so a field the
 * schema adds or drops breaks every test that builds one here, not one copy among several.
 */
export type VideoFixture = VideoDetailsFragment & { __typename: 'Video' };

export const FIXTURE_VIDEO_ID = '01JTESTVIDEO0000000000000A';

/** A video just uploaded: PROCESSING, nothing transcoded yet. */
export function aVideo(overrides: Partial<VideoDetailsFragment> = {}): VideoFixture {
  const now = new Date().toISOString();
  return {
    __typename: 'Video',
    id: FIXTURE_VIDEO_ID,
    ownerName: 'ada',
    ownerTag: '1f0c9a3e',
    title: 'Harbour at dawn',
    description: null,
    status: 'PROCESSING',
    progress: 0,
    createdAt: now,
    updatedAt: now,
    durationSeconds: null,
    thumbnailUrl: null,
    width: null,
    height: null,
    playlistUrl: null,
    failureReason: null,
    renditions: null,
    ...overrides,
  };
}

/** A video the pipeline has finished: DONE, with its size, poster and playlist. */
export function aDoneVideo(overrides: Partial<VideoDetailsFragment> = {}): VideoFixture {
  const id = overrides.id ?? FIXTURE_VIDEO_ID;
  return aVideo({
    status: 'DONE',
    progress: 100,
    durationSeconds: 12,
    thumbnailUrl: `http://playback/${id}/poster.jpg`,
    width: 1280,
    height: 720,
    playlistUrl: `http://playback/${id}/index.m3u8`,
    ...overrides,
  });
}
