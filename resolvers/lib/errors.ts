import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';

/** Re-raises a data source error so the field fails with it, as AppSync's own templates do. */
export function raiseDataSourceError(ctx: Context): void {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
}

/** A condition that encodes ownership failed: say "not found" so ids of others' videos leak nothing. */
export function raiseUnlessOwnedVideo(ctx: Context, id: string): void {
  if (ctx.error && ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
    util.error(`No video ${id} of yours exists.`, 'NotFound');
  }
  raiseDataSourceError(ctx);
}
