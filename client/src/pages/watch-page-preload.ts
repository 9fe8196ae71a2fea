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
// preloads that too), then the chunk runs (it holds the main thread a while), and the app renders
// once both are in.

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

/** How long the first render waits for the video's answer before it goes ahead without it. */
export const VIDEO_WAIT_MS = 1000;

/** How long a video fetched for the first render counts as just fetched. */
const FRESH_MS = 10_000;
let freshVideoId: string | undefined;

/**
 * Whether prepareWatchPage fetched this video moments ago: its page need not ask again as it
 * mounts (a second getVideo, and a second render, while the player starts).
 */
export function isFreshVideo(id: string): boolean {
  return id === freshVideoId;
}

function noteFresh(id: string): void {
  freshVideoId = id;
  setTimeout(() => {
    if (freshVideoId === id) freshVideoId = undefined;
  }, FRESH_MS);
}

const settled = (promise: PromiseLike<unknown>): Promise<void> =>
  Promise.resolve(promise).then(
    () => undefined,
    () => undefined,
  );

/**
 * On a watch page: asks for its video, then runs its chunk (asking for it too if index.html has
 * not), and settles once both are in, waiting for the video VIDEO_WAIT_MS at most; elsewhere at
 * once. Rendered after that, the page neither suspends nor renders twice (once saying "Loading…",
 * laid out and painted, then again with the player): the player starts in the first render.
 */
export function prepareWatchPage(client: ApolloClient, pathname: string): Promise<void> {
  const id = watchedVideoId(pathname);
  if (id === undefined) return Promise.resolve();
  // Errors are the page's to show: its own query's, or React's for the chunk.
  const video = settled(client.query({ query: VideoDocument, variables: { id } }).then(() => noteFresh(id)));
  const chunk = settled(loadWatchPage());
  const patience = new Promise<void>((resolve) => setTimeout(resolve, VIDEO_WAIT_MS));
  return Promise.all([Promise.race([video, patience]), chunk]).then(() => undefined);
}
