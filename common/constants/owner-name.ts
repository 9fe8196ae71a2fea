// Plain values only: APPSYNC_JS resolvers bundle the files of common/constants/ (lint holds them
// to the resolvers' rules).

/** The longest uploader name shown; Cognito lets preferred_username run to 2048 characters. */
export const DISPLAY_NAME_MAX_LENGTH = 40;

/** How many hex digits of the owner's sub make their tag. */
export const OWNER_TAG_LENGTH = 8;

/** Written before the tag ("ann #1f0c9a3e"); taken out of chosen names so none can fake a tag. */
export const OWNER_TAG_MARK = '#';
