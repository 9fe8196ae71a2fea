/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { of } from 'rxjs';
import type { OnVideoStatusChangedSubscription } from '../../generated/client-operations';
import { VideoStatusView } from '../../client/src/components/VideoStatusView';
import { applyStatusEvent } from '../../client/src/live/use-video-status-updates';
import { MyVideosPage } from '../../client/src/pages/MyVideosPage';
import { ResumeNotes } from '../../client/src/upload/resume-notes';
import type { UploadApi } from '../../client/src/upload/upload-api';
import { UploadManager } from '../../client/src/upload/upload-manager';
import { UploadsScope } from '../../client/src/upload/upload-manager-context';
import { aVideo, FIXTURE_VIDEO_ID, type VideoFixture } from '../support/video-fixture';

type StatusEvent = NonNullable<OnVideoStatusChangedSubscription['onVideoStatusChanged']>;

function event(overrides: Partial<StatusEvent>): StatusEvent {
  return {
    id: FIXTURE_VIDEO_ID,
    userId: 'user-1',
    status: 'PROCESSING',
    progress: 0,
    updatedAt: new Date().toISOString(),
    failureReason: null,
    durationSeconds: null,
    playlistUrl: null,
    thumbnailUrl: null,
    ...overrides,
  };
}

describe('VideoStatusView', () => {
  function renderStatus(props: Parameters<typeof VideoStatusView>[0]) {
    return render(
      <MemoryRouter>
        <VideoStatusView {...props} />
      </MemoryRouter>,
    );
  }

  test('PROCESSING at 0 waits; with progress it shows an accessible bar with the percentage', () => {
    const { rerender } = renderStatus({ id: 'v', status: 'PROCESSING', progress: 0 });
    expect(screen.getByRole('progressbar', { name: 'Waiting to transcode' }).getAttribute('aria-valuenow')).toBe('0');
    rerender(
      <MemoryRouter>
        <VideoStatusView id="v" status="PROCESSING" progress={42} />
      </MemoryRouter>,
    );
    const bar = screen.getByRole('progressbar', { name: 'Transcoding' });
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(screen.getByText('42%')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  test('DONE says DONE, as the API, the CLI and the README do, links to the watch page and shows no bar', () => {
    renderStatus({ id: 'v1', status: 'DONE', progress: 100 });
    // The stylesheet sets badges in capitals: "Done" reads DONE, as "Processing" and "Failed" read their statuses.
    expect(screen.getByText('Done').className).toBe('badge badge-done');
    expect(screen.getByRole('link', { name: 'Watch' }).getAttribute('href')).toBe('/watch/v1');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  test('FAILED says why, and has a sentence even without a reason', () => {
    const { unmount } = renderStatus({
      id: 'v',
      status: 'FAILED',
      progress: 0,
      failureReason: 'The file is not a video.',
    });
    expect(screen.getByText('The file is not a video.')).toBeTruthy();
    unmount();
    renderStatus({ id: 'v', status: 'FAILED', progress: 0, failureReason: null });
    expect(screen.getByText('The video could not be processed.')).toBeTruthy();
  });
});

describe('My videos, updated by status events', () => {
  // No upload on its way: the page lists only the videos.
  const noUploads = new UploadManager({ api: {} as UploadApi, notes: new ResumeNotes(localStorage), maxPostBytes: 0 });

  function renderMyVideos(initial: VideoFixture[]) {
    const requests: string[] = [];
    const link = new ApolloLink((operation) => {
      requests.push(operation.operationName ?? '');
      return of({ data: { listMyVideos: { __typename: 'VideoConnection', items: initial, nextToken: null } } });
    });
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <UploadsScope manager={noUploads}>
            <MyVideosPage />
          </UploadsScope>
        </MemoryRouter>
      </ApolloProvider>,
    );
    return { client, requests };
  }

  test('progress events move the bar, never backwards; DONE then brings the watch link', async () => {
    const { client } = renderMyVideos([aVideo()]);
    const row = await screen.findByRole('listitem', { name: 'Harbour at dawn' });
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');

    await act(async () => applyStatusEvent(client, event({ progress: 40 })));
    await waitFor(() => expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40'));
    // A late, out-of-order event does not move it back.
    await act(async () => applyStatusEvent(client, event({ progress: 25 })));
    expect(
      (client.cache.extract() as Record<string, { progress?: number }>)[`Video:${FIXTURE_VIDEO_ID}`]?.progress,
    ).toBe(40);
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');

    await act(async () =>
      applyStatusEvent(
        client,
        event({
          status: 'DONE',
          progress: 100,
          durationSeconds: 65,
          thumbnailUrl: 'http://x/poster.jpg',
          playlistUrl: 'http://x/index.m3u8',
        }),
      ),
    );
    await waitFor(() => expect(within(row).queryByRole('progressbar')).toBeNull());
    expect(within(row).getByRole('link', { name: 'Watch' }).getAttribute('href')).toBe(`/watch/${FIXTURE_VIDEO_ID}`);
    expect(within(row).getByText('1:05')).toBeTruthy();

    // A PROCESSING event delivered late does not bring a finished video back.
    await act(async () => applyStatusEvent(client, event({ progress: 90 })));
    expect((client.cache.extract() as Record<string, { status?: string }>)[`Video:${FIXTURE_VIDEO_ID}`]?.status).toBe(
      'DONE',
    );
    expect(within(row).queryByRole('progressbar')).toBeNull();
  });

  test('FAILED shows the reason from the event', async () => {
    const { client } = renderMyVideos([aVideo({ progress: 10 })]);
    const row = await screen.findByRole('listitem', { name: 'Harbour at dawn' });
    await act(async () =>
      applyStatusEvent(
        client,
        event({ status: 'FAILED', progress: 10, failureReason: 'The upload has no video stream.' }),
      ),
    );
    await waitFor(() => expect(within(row).getByText('Failed')).toBeTruthy());
    expect(within(row).getByText('The upload has no video stream.')).toBeTruthy();
  });

  test('an event for a video this page has not seen refetches the list', async () => {
    const { client, requests } = renderMyVideos([aVideo()]);
    await screen.findByRole('listitem', { name: 'Harbour at dawn' });
    const before = requests.filter((name) => name === 'MyVideos').length;
    await act(async () => applyStatusEvent(client, event({ id: '01JOTHERVIDEO000000000000B', progress: 5 })));
    expect(requests.filter((name) => name === 'MyVideos').length).toBe(before + 1);
  });
});
