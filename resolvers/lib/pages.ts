import type { UnitContext } from './context';
import { raiseDataSourceError } from './errors';
import { pageSize } from './validation';

/** Paging options of a list field: limit (checked) and the opaque nextToken. */
export function pageOptions(args: { limit?: number | null; nextToken?: string | null }) {
  return { limit: pageSize(args.limit), nextToken: args.nextToken ?? undefined };
}

/** What a DynamoDB Query answers, as far as a connection needs it. */
export type QueryPage<TItem> = { items: TItem[]; nextToken?: string | null };

/** A Query result as a connection: items and the token of the next page (null on the last). */
export function connectionResponse<TItem>(ctx: UnitContext<unknown, QueryPage<TItem>>) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
