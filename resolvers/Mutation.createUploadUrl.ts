import type { MutationCreateUploadUrlArgs, UploadTicket } from '../generated/graphql';
import type { UnitContext } from './lib/context';
import { raiseDataSourceError } from './lib/errors';
import { invokeWithContext } from './lib/lambda';

/** The `uploads` Lambda signs a POST policy for the caller. */
export function request(ctx: UnitContext<MutationCreateUploadUrlArgs, UploadTicket>) {
  return invokeWithContext(ctx);
}

export function response(ctx: UnitContext<MutationCreateUploadUrlArgs, UploadTicket>) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
