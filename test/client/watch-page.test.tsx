/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { of } from 'rxjs';
import type { VideoQuery } from '../../generated/client-operations';
import { WatchPage } from '../../client/src/pages/WatchPage';
import { computePlayerAspectRatio, DEFAULT_ASPECT_RATIO } from '../../client/src/player/aspect-ratio';
import { VideoPlayer } from '../../client/src/player/VideoPlayer';

type Video = NonNullable<VideoQuery['getVideo']>;

function doneVideo(overrides: Partial<Video> = {}): Video & { __typename: 'Video' } {
  return {
    __typename: 'Video',
    id: '01JTESTVIDEO0000000000000A',
    ownerName: 'ada',
    ownerTag: '1f0c9a3e',
    title: 'Harbour at dawn',
    description: null,
    status: 'DONE',
    progress: 100,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    durationSeconds: 12,
    thumbnailUrl: 'http://playback/01JTESTVIDEO0000000000000A/poster.jpg',
    width: 1280,
    height: 720,
    playlistUrl: 'http://playback/01JTESTVIDEO0000000000000A/index.m3u8',
    failureReason: null,
    renditions: null,
    ...overrides,
  };
}

function renderWatchPage(video: Video) {
  const link = new ApolloLink(() => of({ data: { getVideo: video } }));
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  render(
    <ApolloProvider client={client}>
      <MemoryRouter initialEntries={[`/watch/${video.id}`]}>
        <Routes>
          <Route path="/watch/:id" element={<WatchPage />} />
        </Routes>
      </MemoryRouter>
    </ApolloProvider>,
  );
}

function playerAspectRatio(video: HTMLElement): number {
  return Number((video.parentElement as HTMLElement).style.getPropertyValue('--aspect-ratio'));
}

/** What a <video> reports once it has read the stream's first picture. */
function decode(video: HTMLElement, width: number, height: number): void {
  Object.defineProperty(video, 'videoWidth', { configurable: true, value: width });
  Object.defineProperty(video, 'videoHeight', { configurable: true, value: height });
  act(() => {
    video.dispatchEvent(new Event('loadedmetadata'));
  });
}

describe("the player's shape", () => {
  test('the decoded picture first, then the size the API recorded, then 16:9', () => {
    expect(computePlayerAspectRatio({ width: 1080, height: 1920 }, { width: 1280, height: 720 })).toBe(1080 / 1920);
    // Before metadata a <video> reports 0×0: the recorded size holds.
    expect(computePlayerAspectRatio({ width: 0, height: 0 }, { width: 720, height: 1280 })).toBe(720 / 1280);
    expect(computePlayerAspectRatio(undefined, { width: 720, height: 1280 })).toBe(720 / 1280);
    expect(computePlayerAspectRatio(undefined, { width: null, height: null })).toBe(DEFAULT_ASPECT_RATIO);
    expect(computePlayerAspectRatio(undefined, { width: 640, height: 0 })).toBe(DEFAULT_ASPECT_RATIO);
    expect(computePlayerAspectRatio(undefined, undefined)).toBe(16 / 9);
  });

  test('a portrait video gets a portrait player from its recorded size, and the decoded picture has the last word', () => {
    // Prepare: a 9:16 phone clip as the API recorded it.
    render(<VideoPlayer src="http://playback/v/index.m3u8" title="On the pier" size={{ width: 720, height: 1280 }} />);
    const video = screen.getByLabelText('On the pier');

    // Assess: portrait before the browser knows anything.
    expect(playerAspectRatio(video)).toBeCloseTo(720 / 1280, 4);

    // Act: the stream turns out to be 1080×1920 rounded differently, then a rendition switch resizes it.
    decode(video, 1080, 1922);
    expect(playerAspectRatio(video)).toBeCloseTo(1080 / 1922, 4);
    Object.defineProperty(video, 'videoWidth', { configurable: true, value: 360 });
    Object.defineProperty(video, 'videoHeight', { configurable: true, value: 640 });
    act(() => {
      video.dispatchEvent(new Event('resize'));
    });
    expect(playerAspectRatio(video)).toBeCloseTo(360 / 640, 4);
  });

  test('a video without a recorded size plays in 16:9 until the browser has read it', () => {
    render(<VideoPlayer src="http://playback/v/index.m3u8" title="Old upload" />);
    const video = screen.getByLabelText('Old upload');
    expect(playerAspectRatio(video)).toBeCloseTo(16 / 9, 4);
    decode(video, 1440, 1080);
    expect(playerAspectRatio(video)).toBeCloseTo(4 / 3, 4);
  });

  test('the watch page shapes the player from the video the API returned', async () => {
    renderWatchPage(doneVideo({ width: 1080, height: 1920 }));
    const video = await screen.findByLabelText('Harbour at dawn');
    expect(playerAspectRatio(video)).toBeCloseTo(1080 / 1920, 4);
  });
});
