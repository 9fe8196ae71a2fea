import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from './lib/errors';
import { invokeWithContext } from './lib/lambda';

/** The `uploads` Lambda signs a POST policy for the caller. */
export function request(ctx: Context) {
  return invokeWithContext(ctx);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
