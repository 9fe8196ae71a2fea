import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryListVideosArgs } from '../generated/graphql';
import { FEED_KEY } from '../common/constants/feed';
import type { UnitContext } from './lib/context';
import { optionalCallerSub } from './lib/identity';
import { asSeenBy } from './lib/owner-view';
import { connectionResponse, pageOptions } from './lib/pages';
import type { QueryPage } from './lib/pages';
import type { VideoRecord } from './lib/video-record';

/** The public feed: DONE videos newest first, from the sparse `feed` index (ULID sort keys). */
export function request(ctx: UnitContext<QueryListVideosArgs, QueryPage<VideoRecord>>) {
  return ddb.query({
    index: 'feed',
    query: { feedKey: { eq: FEED_KEY } },
    scanIndexForward: false,
    ...pageOptions(ctx.args),
  });
}

/** The owner's sub is shown to the owner alone: the feed tells uploaders apart by ownerTag. */
export function response(ctx: UnitContext<QueryListVideosArgs, QueryPage<VideoRecord>>) {
  const page = connectionResponse(ctx);
  const caller = optionalCallerSub(ctx);
  return { items: page.items.map((video) => asSeenBy(video, caller)), nextToken: page.nextToken };
}
