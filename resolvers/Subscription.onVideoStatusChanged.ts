import { extensions, util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { SubscriptionOnVideoStatusChangedArgs } from '../generated/graphql';
import { callerSub } from './lib/identity';

export function request(_ctx: Context) {
  return { payload: null };
}

/**
 * The filter is what keeps one user's events from another: it is set from the verified identity,
 * never from arguments, so no argument can widen it.
 */
export function response(ctx: Context<SubscriptionOnVideoStatusChangedArgs>) {
  const owner = callerSub(ctx);
  const id = ctx.args.id;
  const filter = id ? { userId: { eq: owner }, id: { eq: id } } : { userId: { eq: owner } };
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}
