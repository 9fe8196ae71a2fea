import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from '../lib/errors';
import { invokeWithContext } from '../lib/lambda';

// The `uploads` Lambda reads the raw object's x-amz-meta-user-id: only its uploader may register it.

export function request(ctx: Context) {
  return invokeWithContext(ctx);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
