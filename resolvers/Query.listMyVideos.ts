import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryListMyVideosArgs } from '../generated/graphql';
import type { UnitContext } from './lib/context';
import { callerSub } from './lib/identity';
import { connectionResponse, pageOptions } from './lib/pages';
import type { QueryPage } from './lib/pages';
import type { VideoRecord } from './lib/video-record';

/** The caller's videos in every status, newest first. Uploads never registered (no title) stay out. */
export function request(ctx: UnitContext<QueryListMyVideosArgs, QueryPage<VideoRecord>>) {
  return ddb.query({
    index: 'byOwner',
    query: { userId: { eq: callerSub(ctx) } },
    filter: { title: { attributeExists: true } },
    scanIndexForward: false,
    ...pageOptions(ctx.args),
  });
}

export function response(ctx: UnitContext<QueryListMyVideosArgs, QueryPage<VideoRecord>>) {
  return connectionResponse(ctx);
}
