// Limits the resolvers alone apply. Bundled into each resolver by esbuild. (Values other parts
// share too are in common/constants/.)

/**
 * A video registered before the pipeline saw its upload is given up on after this long (the raw
 * bucket's lifecycle rule expires such an upload after a day too). The pipeline sets tighter
 * deadlines once it works on the video; the watchdog fails whatever passes its deadline.
 */
export const REGISTRATION_DEADLINE_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
