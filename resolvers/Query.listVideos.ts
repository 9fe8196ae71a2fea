import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryListVideosArgs } from '../generated/graphql';
import { FEED_KEY } from '../common/constants/feed';
import { connectionResponse, pageOptions } from './lib/pages';

/** The public feed: DONE videos newest first, from the sparse `feed` index (ULID sort keys). */
export function request(ctx: Context<QueryListVideosArgs>) {
  return ddb.query({
    index: 'feed',
    query: { feedKey: { eq: FEED_KEY } },
    scanIndexForward: false,
    ...pageOptions(ctx.args),
  });
}

export function response(ctx: Context) {
  return connectionResponse(ctx);
}
