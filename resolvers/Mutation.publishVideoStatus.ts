import type { MutationPublishVideoStatusArgs, PublishVideoStatusInput } from '../generated/graphql';
import type { UnitContext } from './lib/context';

// NONE data source: the mutation stores nothing; resolving it is what triggers subscriptions.

export function request(ctx: UnitContext<MutationPublishVideoStatusArgs, PublishVideoStatusInput>) {
  return { payload: ctx.args.input };
}

export function response(ctx: UnitContext<MutationPublishVideoStatusArgs, PublishVideoStatusInput>) {
  return ctx.result;
}
