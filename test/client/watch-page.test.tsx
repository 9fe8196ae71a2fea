/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Observable, of } from 'rxjs';
import { buildDescriptionPreview } from '../../client/src/components/description-preview';
import { formatDate } from '../../client/src/format';
import { VideoDescription } from '../../client/src/components/VideoDescription';
import { WATCH_ROUTE } from '../../client/src/pages/watch-path';
import {
  loadWatchPage,
  prepareWatchPage,
  VIDEO_WAIT_MS,
  watchedVideoId,
} from '../../client/src/pages/watch-page-preload';
import { WatchPage } from '../../client/src/pages/WatchPage';
import { WatchRoute } from '../../client/src/pages/WatchRoute';
import { computePlayerAspectRatio, DEFAULT_ASPECT_RATIO } from '../../client/src/player/aspect-ratio';
import { VideoPlayer } from '../../client/src/player/VideoPlayer';
import { aDoneVideo, type VideoFixture } from '../support/video-fixture';

/** An API that answers getVideo with the video and counts the operations it was sent. */
function videoApi(video: VideoFixture): { client: ApolloClient; operations: string[] } {
  const operations: string[] = [];
  const link = new ApolloLink((operation) => {
    operations.push(operation.operationName ?? '');
    return of({ data: { getVideo: video } });
  });
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), operations };
}

function renderWatchPage(video: VideoFixture, client = videoApi(video).client, page = <WatchPage />) {
  render(
    <ApolloProvider client={client}>
      <MemoryRouter initialEntries={[`/watch/${video.id}`]}>
        <Routes>
          <Route path={WATCH_ROUTE} element={page} />
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

const LONG_DESCRIPTION = `${'Waves on the harbour wall, gulls over the boats. '.repeat(100)}The end.`;

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
    renderWatchPage(aDoneVideo({ width: 1080, height: 1920 }));
    const video = await screen.findByLabelText('Harbour at dawn');
    expect(playerAspectRatio(video)).toBeCloseTo(1080 / 1920, 4);
  });
});

describe('a long description', () => {
  test('a short one is shown whole, without a button', () => {
    const description = 'Six seconds of test pattern,\nwith a tone.';
    expect(buildDescriptionPreview(description)).toBeUndefined();
    render(<VideoDescription description={description} />);
    // pre-line keeps the line breaks; the text is all there.
    expect(screen.getByText(/Six seconds of test pattern,\s+with a tone\./)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  test('a long one opens on its first words, cut at a word, and "Show more" shows all of it, and "Show less" folds it again', () => {
    // Prepare
    const preview = buildDescriptionPreview(LONG_DESCRIPTION);
    expect(preview).toBeDefined();
    expect(preview!.length).toBeLessThanOrEqual(281);
    expect(preview).toMatch(/^Waves on the harbour wall, gulls over the boats\. .*\S…$/);
    expect(LONG_DESCRIPTION.startsWith(preview!.slice(0, -1))).toBe(true);
    expect(LONG_DESCRIPTION[preview!.length - 1]).toMatch(/\s/);
    render(<VideoDescription description={LONG_DESCRIPTION} />);
    const button = screen.getByRole('button', { name: 'Show more' });
    const text = document.getElementById(button.getAttribute('aria-controls') ?? '');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(text?.textContent).toBe(preview);

    // Act
    fireEvent.click(button);

    // Assess: the same button, now saying what it will do, and the whole text.
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.textContent).toBe('Show less');
    expect(text?.textContent).toBe(LONG_DESCRIPTION);
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(text?.textContent).toBe(preview);
  });

  test('many short lines count as long too, and the preview keeps its first lines', () => {
    const description = [
      'Chapters:',
      '0:00 Dawn',
      '0:30 Boats',
      '1:00 Gulls',
      '1:30 Tide',
      '2:00 Rain',
      '2:30 Dusk',
    ].join('\n');
    expect(buildDescriptionPreview(description)).toBe('Chapters:\n0:00 Dawn\n0:30 Boats\n1:00 Gulls…');
  });

  test('one very long word is cut where it must be, and never inside a character', () => {
    const word = '🌊'.repeat(600);
    const preview = buildDescriptionPreview(word)!;
    expect(Array.from(preview)).toHaveLength(281);
    expect(preview).toBe(`${'🌊'.repeat(280)}…`);
  });

  test('the watch page collapses a 5,000-character description behind "Show more"', async () => {
    const description = LONG_DESCRIPTION.slice(0, 5000);
    renderWatchPage(aDoneVideo({ description }));
    const button = await screen.findByRole('button', { name: 'Show more' });
    expect(screen.queryByText(description)).toBeNull();
    fireEvent.click(button);
    expect(screen.getByText(description)).toBeTruthy();
  });
});

describe('a load that opens on a watch page', () => {
  test("a watch page's path names its video; no other path does", () => {
    expect(watchedVideoId('/watch/01JTESTVIDEO0000000000000A')).toBe('01JTESTVIDEO0000000000000A');
    expect(watchedVideoId('/watch/01JTESTVIDEO0000000000000A/')).toBe('01JTESTVIDEO0000000000000A');
    for (const path of ['/', '/my-videos', '/upload', '/watch', '/watch/', '/watch/a/b'])
      expect({ path, id: watchedVideoId(path) }).toEqual({ path, id: undefined });
  });

  test('asks for the video and runs the chunk before the first render; the page shows the video at once, and does not ask again', async () => {
    // Prepare
    const video = aDoneVideo({ id: '01JTESTVIDEO0000000000000B', title: 'Prepared harbour' });
    const api = videoApi(video);

    // Act: what main.tsx does before its first render, elsewhere and on a watch page; then the page.
    await prepareWatchPage(api.client, '/my-videos');
    expect(api.operations).toEqual([]);
    await prepareWatchPage(api.client, `/watch/${video.id}`);
    renderWatchPage(video, api.client);
    await act(async () => undefined);

    // Assess: the first render has the video (a page asking only then would say "Loading…"), from
    // the one getVideo (cache-and-network would have sent a second as it mounted).
    expect(loadWatchPage().status).toBe('fulfilled');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Prepared harbour' })).toBeTruthy();
    expect(api.operations).toEqual(['Video']);
  });

  test('the first render waits for the video a second at most', async () => {
    // Prepare: an API that never answers.
    const operations: string[] = [];
    const silent = new ApolloLink((operation) => {
      operations.push(operation.operationName ?? '');
      return new Observable(() => undefined);
    });
    const client = new ApolloClient({ link: silent, cache: new InMemoryCache() });
    jest.useFakeTimers();
    try {
      // Act
      let ready = false;
      void prepareWatchPage(client, '/watch/01JTESTVIDEO0000000000000C').then(() => (ready = true));
      await jest.advanceTimersByTimeAsync(VIDEO_WAIT_MS - 1);
      const readyBefore = ready;
      await jest.advanceTimersByTimeAsync(1);

      // Assess
      expect(operations).toEqual(['Video']);
      expect([readyBefore, ready]).toEqual([false, true]);
    } finally {
      jest.useRealTimers();
    }
  });

  test("the watch page's chunk is asked for once, and once it has arrived the route renders without suspending", async () => {
    // Prepare: the chunk asked for as main.tsx does before it renders, then again as the route does.
    const first = loadWatchPage();
    await prepareWatchPage(videoApi(aDoneVideo()).client, '/watch/01JTESTVIDEO0000000000000A');
    expect(loadWatchPage()).toBe(first);
    expect(first.status).toBe('fulfilled');
    const video = aDoneVideo({ title: 'Harbour, no fallback' });
    let suspended = false;
    function Fallback() {
      suspended = true;
      return null;
    }

    // Act
    renderWatchPage(
      video,
      videoApi(video).client,
      <Suspense fallback={<Fallback />}>
        <WatchRoute />
      </Suspense>,
    );

    // Assess: the page at once; React.lazy would have suspended all the same, fallback and all.
    expect(suspended).toBe(false);
    expect(await screen.findByRole('heading', { name: 'Harbour, no fallback' })).toBeTruthy();
    await act(async () => undefined);
  });
});

describe("the watch page's date", () => {
  test("reads as toLocaleDateString('en') has it, without touching Intl (its first use is slow on a cold page)", () => {
    // Prepare: what Intl says, in this machine's time zone, for dates around the year's and months' edges.
    const dates = ['2025-12-03T10:00:00Z', '2024-02-29T23:30:00Z', '2026-01-01T00:10:00Z', '1999-07-31T12:00:00-08:00'];
    const options = { year: 'numeric', month: 'long', day: 'numeric' } as const;
    const expected = dates.map((iso) => new Date(iso).toLocaleDateString('en', options));
    const dateTimeFormat = jest.spyOn(Intl, 'DateTimeFormat');
    const toLocaleDateString = jest.spyOn(Date.prototype, 'toLocaleDateString');
    try {
      // Act
      const formatted = dates.map(formatDate);

      // Assess
      expect(formatted).toEqual(expected);
      expect(dateTimeFormat).not.toHaveBeenCalled();
      expect(toLocaleDateString).not.toHaveBeenCalled();
    } finally {
      dateTimeFormat.mockRestore();
      toLocaleDateString.mockRestore();
    }
  });
});
