// Limits and keys shared by the resolvers. Bundled into each resolver by esbuild.

/** Partition key value of the sparse `feed` index: written only on DONE videos that have a title. */
export const FEED_KEY = 'DONE';

export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
