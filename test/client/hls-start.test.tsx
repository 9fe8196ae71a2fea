/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { render } from '@testing-library/react';
import { useLayoutEffect } from 'react';

// How the player sets hls.js up (jsdom has no Media Source Extensions, so a stand-in records it).

// The player is imported after jest.mock has run (this transform does not hoist it).
const created: Array<{ config: Record<string, unknown>; sources: string[] }> = [];

jest.mock('hls.js/light', () => {
  class RecordingHls {
    static isSupported = () => true;
    static Events = { MANIFEST_PARSED: 'hlsManifestParsed', LEVEL_SWITCHED: 'hlsLevelSwitched', ERROR: 'hlsError' };
    static ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError' };
    private readonly record: { config: Record<string, unknown>; sources: string[] };
    constructor(config: Record<string, unknown>) {
      this.record = { config, sources: [] };
      created.push(this.record);
    }
    on() {}
    loadSource(src: string) {
      this.record.sources.push(src);
    }
    attachMedia() {}
    destroy() {}
  }
  return { __esModule: true, default: RecordingHls };
});

describe("the player's start", () => {
  test('hls.js starts on the lowest rung, without a bandwidth-test segment, capped to the player', async () => {
    // Prepare
    const { VideoPlayer } = await import('../../client/src/player/VideoPlayer');

    // Act
    render(<VideoPlayer src="http://playback/v/hls/index.m3u8" title="Harbour at dawn" />);

    // Assess: level 0 (hls.js sorts levels by bit rate) has the smallest first segment; -1 would
    // fetch that segment only to measure the bandwidth, and undefined would start near the
    // first-listed rung's bit rate (the top one, in MediaConvert's master playlists).
    expect(created).toHaveLength(1);
    expect(created[0]).toEqual({
      config: expect.objectContaining({ startLevel: 0, capLevelToPlayerSize: true }),
      sources: ['http://playback/v/hls/index.m3u8'],
    });
  });

  test('the playlist is asked for as the page commits, before the browser paints it', async () => {
    // Prepare: a sibling after the player notes, in its own layout effect, what hls.js was given by then.
    const { VideoPlayer } = await import('../../client/src/player/VideoPlayer');
    created.length = 0;
    let sourcesAtCommit: string[] | undefined;
    function AfterThePlayer() {
      useLayoutEffect(() => {
        sourcesAtCommit = [...(created[0]?.sources ?? [])];
      });
      return null;
    }

    // Act
    render(
      <>
        <VideoPlayer src="http://playback/w/hls/index.m3u8" title="Pier at noon" />
        <AfterThePlayer />
      </>,
    );

    // Assess: layout effects run before the paint, in order; a passive effect (useEffect) would
    // start hls.js only after the page had been laid out and painted.
    expect(sourcesAtCommit).toEqual(['http://playback/w/hls/index.m3u8']);
  });
});
