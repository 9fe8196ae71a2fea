import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from '../lib/errors';
import { invokeWithContext } from '../lib/lambda';

// The `uploads` Lambda removes the video's HLS files and thumbnail; the deleted record passes through.

export function request(ctx: Context) {
  return invokeWithContext(ctx);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return ctx.prev.result;
}
