import type { UnitContext } from './lib/context';
import { raiseDataSourceError } from './lib/errors';
import { invokeWithContext } from './lib/lambda';

// The unit resolver of every field whose whole work is the `uploads` Lambda's (manifest.json):
// createUploadUrl signs a POST policy for the caller, and the multipart upload fields start, sign,
// list and abort the caller's upload. The Lambda dispatches on the field and answers its value.

export function request(ctx: UnitContext<unknown, unknown>) {
  return invokeWithContext(ctx);
}

export function response(ctx: UnitContext<unknown, unknown>) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
