// Plain values only: APPSYNC_JS resolvers bundle the files of common/constants/ (lint holds them
// to the resolvers' rules).

/**
 * Partition key value of the videos table's sparse `feed` index: written only on DONE videos that
 * have a title, by the job-events Lambda or, when the job finished first, by createVideo.
 */
export const FEED_KEY = 'DONE';
