// The watch page's paths, for the router and for the build (which preloads the page's chunk on them).
export const WATCH_PATH_PREFIX = '/watch/';
export const WATCH_ROUTE = `${WATCH_PATH_PREFIX}:id`;
