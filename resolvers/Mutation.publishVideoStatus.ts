import type { Context } from '@aws-appsync/utils';
import type { MutationPublishVideoStatusArgs } from '../generated/graphql';

// NONE data source: the mutation stores nothing; resolving it is what triggers subscriptions.

export function request(ctx: Context<MutationPublishVideoStatusArgs>) {
  return { payload: ctx.args.input };
}

export function response(ctx: Context) {
  return ctx.result;
}
