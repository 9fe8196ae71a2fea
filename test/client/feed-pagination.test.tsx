/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { of } from 'rxjs';
import { createCache } from '../../client/src/api/create-cache';
import { FeedPage } from '../../client/src/pages/FeedPage';
import { aDoneVideo } from '../support/video-fixture';

function page(from: number, count: number) {
  return Array.from({ length: count }, (_, index) =>
    aDoneVideo({
      id: `01JVIDEO${String(from + index).padStart(18, '0')}`,
      // Two uploaders who both chose "ada": only their accounts' tags tell them apart.
      ownerTag: (from + index) % 2 === 0 ? '1f0c9a3e' : '0badf00d',
      title: `Video ${from + index}`,
      createdAt: new Date(Date.now() - (from + index) * 3_600_000).toISOString(),
      durationSeconds: 65 + index,
      thumbnailUrl: `http://playback/${from + index}/poster.jpg`,
    }),
  );
}

describe('the feed', () => {
  test('shows cards with thumbnail, duration, uploader (chosen name and account tag) and age; more pages append without repeats, and the last has no "Load more"', async () => {
    // Prepare: two pages; the second repeats the first page's last video (a video published between reads).
    const tokens: Array<string | null> = [];
    const link = new ApolloLink((operation) => {
      const nextToken = (operation.variables.nextToken as string | undefined) ?? null;
      tokens.push(nextToken);
      const items = nextToken ? page(11, 5) : page(0, 12);
      return of({
        data: { listVideos: { __typename: 'VideoConnection', items, nextToken: nextToken ? null : 'page-2' } },
      });
    });
    const client = new ApolloClient({ link, cache: createCache() });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <FeedPage />
        </MemoryRouter>
      </ApolloProvider>,
    );

    // Act and assess: the first page.
    await screen.findByText('Video 0');
    expect(screen.getAllByRole('listitem')).toHaveLength(12);
    const first = screen.getByRole('link', { name: /Video 0/ });
    expect(first.getAttribute('href')).toBe('/watch/01JVIDEO000000000000000000');
    expect(first.querySelector('img')?.getAttribute('src')).toBe('http://playback/0/poster.jpg');
    expect(screen.getByText('1:05')).toBeTruthy();
    expect(screen.getByText('1 hour ago')).toBeTruthy();
    const uploaders = screen.getAllByTitle(/A name the uploader chose/).map((uploader) => uploader.textContent);
    expect(uploaders.slice(0, 2)).toEqual(['ada #1f0c9a3e', 'ada #0badf00d']);

    // The next page, by the button (jsdom has no IntersectionObserver; browsers load it on scroll).
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('Video 15');
    expect(screen.getAllByRole('listitem')).toHaveLength(16);
    expect(tokens).toEqual([null, 'page-2']);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull());
  });
});
