import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryListMyVideosArgs } from '../generated/graphql';
import { raiseDataSourceError } from './lib/errors';
import { callerSub } from './lib/identity';
import { pageSize } from './lib/validation';

/** The caller's videos in every status, newest first. Uploads never registered (no title) stay out. */
export function request(ctx: Context<QueryListMyVideosArgs>) {
  return ddb.query({
    index: 'byOwner',
    query: { userId: { eq: callerSub(ctx) } },
    filter: { title: { attributeExists: true } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
