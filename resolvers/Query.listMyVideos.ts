import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryListMyVideosArgs } from '../generated/graphql';
import { callerSub } from './lib/identity';
import { connectionResponse, pageOptions } from './lib/pages';

/** The caller's videos in every status, newest first. Uploads never registered (no title) stay out. */
export function request(ctx: Context<QueryListMyVideosArgs>) {
  return ddb.query({
    index: 'byOwner',
    query: { userId: { eq: callerSub(ctx) } },
    filter: { title: { attributeExists: true } },
    scanIndexForward: false,
    ...pageOptions(ctx.args),
  });
}

export function response(ctx: Context) {
  return connectionResponse(ctx);
}
