// Limits and keys shared by the resolvers. Bundled into each resolver by esbuild.

/** Partition key value of the sparse `feed` index: written only on DONE videos that have a title. */
export const FEED_KEY = 'DONE';

/**
 * A video registered before the pipeline saw its upload is given up on after this long (the raw
 * bucket's lifecycle rule expires such an upload after a day too). The pipeline sets tighter
 * deadlines once it works on the video; the watchdog fails whatever passes its deadline.
 */
export const REGISTRATION_DEADLINE_MS = 24 * 60 * 60 * 1000;

export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
