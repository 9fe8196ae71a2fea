import { use } from 'react';
import { loadWatchPage } from './watch-page-preload';

/** The watch page from its chunk: at once when the chunk has arrived, else suspended until it does. */
export function WatchRoute() {
  const { WatchPage } = use(loadWatchPage());
  return <WatchPage />;
}
