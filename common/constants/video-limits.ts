// Plain values only: APPSYNC_JS resolvers bundle the files of common/constants/ (lint holds them
// to the resolvers' rules).

/** The longest title and description the API accepts; the client's forms stop there too. */
export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;
