import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryListVideosArgs } from '../generated/graphql';
import { FEED_KEY } from './lib/constants';
import { raiseDataSourceError } from './lib/errors';
import { pageSize } from './lib/validation';

/** The public feed: DONE videos newest first, from the sparse `feed` index (ULID sort keys). */
export function request(ctx: Context<QueryListVideosArgs>) {
  return ddb.query({
    index: 'feed',
    query: { feedKey: { eq: FEED_KEY } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
