import type { Context, LambdaRequest } from '@aws-appsync/utils';

/**
 * Invokes the data source's Lambda with the resolver context, the event shape Direct Lambda
 * resolvers receive, so handlers dispatch on info.parentTypeName + info.fieldName.
 */
export function invokeWithContext(
  ctx: Context<unknown, Record<string, unknown>, { result: unknown } | undefined, Record<string, unknown> | undefined>,
): LambdaRequest {
  return {
    operation: 'Invoke',
    payload: {
      arguments: ctx.args,
      identity: ctx.identity,
      source: ctx.source ?? null,
      info: ctx.info,
      request: ctx.request,
      prev: ctx.prev ?? null,
      stash: ctx.stash,
    },
  };
}
