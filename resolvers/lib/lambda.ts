import type { Context, LambdaRequest } from '@aws-appsync/utils';

/**
 * Invokes the data source's Lambda with the resolver context, the event shape Direct Lambda
 * resolvers receive, so handlers dispatch on info.parentTypeName + info.fieldName. A field with a
 * second step on the same Lambda names that step too (`step`; the first one names none).
 */
export function invokeWithContext(
  ctx: Context<unknown, Record<string, unknown>, { result: unknown } | undefined, Record<string, unknown> | undefined>,
  step?: string,
): LambdaRequest {
  const payload: Record<string, unknown> = {
    arguments: ctx.args,
    identity: ctx.identity,
    source: ctx.source ?? null,
    info: ctx.info,
    request: ctx.request,
    prev: ctx.prev ?? null,
    stash: ctx.stash,
  };
  if (step) {
    payload.step = step;
  }
  return { operation: 'Invoke', payload };
}
