import type { ApolloClient } from '@apollo/client';
import type { ReactPromise } from 'react';
import { matchPath } from 'react-router';
import { VideoDocument } from '../../../generated/client-operations';
import { WATCH_ROUTE } from './watch-path';

// The watch page is its own chunk (hls.js is most of it), and its video comes from a query. Left to
// React, a load that opens on a watch page runs them one after another: the entry, config.json, the
// chunk, the query, then the player's playlists. Started from the URL as soon as each can be, the
// chunk downloads beside the entry (index.html preloads it on watch paths, see
// client/vite/preload-route-chunk.ts), the query goes out as soon as config.json is read (index.html
// preloads that too), and only then does the chunk run (it holds the main thread a while) and the
// app render, the page's video in the cache or on its way.

type WatchPageModule = typeof import('./WatchPage');

let watchPage: ReactPromise<WatchPageModule> | undefined;

/**
 * The watch page's chunk, asked for once, as a promise that notes its outcome where React's use()
 * reads it: a chunk that has arrived renders at once, where React.lazy would suspend all the same
 * (and React keeps a fallback up for 300 ms at least).
 */
export function loadWatchPage(): ReactPromise<WatchPageModule> {
  if (!watchPage) {
    const promise = Object.assign(import('./WatchPage'), { status: 'pending' as const });
    promise.then(
      (value) => Object.assign(promise, { status: 'fulfilled', value }),
      (reason: unknown) => Object.assign(promise, { status: 'rejected', reason }),
    );
    watchPage = promise;
  }
  return watchPage;
}

/** The video id of a watch page's path, else undefined. */
export function watchedVideoId(pathname: string): string | undefined {
  return matchPath(WATCH_ROUTE, pathname)?.params.id;
}

/**
 * On a watch page, runs its chunk (asking for it if index.html has not) and settles once it has
 * run; at once elsewhere. Rendering after that, the page does not suspend.
 */
export function watchPageReady(pathname: string): Promise<void> {
  if (watchedVideoId(pathname) === undefined) return Promise.resolve();
  // A failed download is the page's to report when it renders.
  return Promise.resolve(loadWatchPage()).then(
    () => undefined,
    () => undefined,
  );
}

/** On a watch page, asks for its video now, so the page renders from the cache when its chunk arrives. */
export function prefetchWatchedVideo(client: ApolloClient, pathname: string): void {
  const id = watchedVideoId(pathname);
  // An error is the page's own query's to show.
  if (id !== undefined) client.query({ query: VideoDocument, variables: { id } }).catch(() => undefined);
}
