import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from './errors';
import { pageSize } from './validation';

/** Paging options of a list field: limit (checked) and the opaque nextToken. */
export function pageOptions(args: { limit?: number | null; nextToken?: string | null }) {
  return { limit: pageSize(args.limit), nextToken: args.nextToken ?? undefined };
}

/** A Query result as a connection: items and the token of the next page (null on the last). */
export function connectionResponse(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
