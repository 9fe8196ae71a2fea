import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';

/** The Cognito `sub` of the caller; fails the field for callers without one (API key, IAM). */
export function callerSub(ctx: Context): string {
  const identity = ctx.identity as { sub?: string } | null | undefined;
  if (!identity || !identity.sub) {
    util.unauthorized();
  }
  return (identity as { sub: string }).sub;
}

/** The caller's `sub`, or null when the caller is not a signed-in user. */
export function optionalCallerSub(ctx: Context): string | null {
  const identity = ctx.identity as { sub?: string } | null | undefined;
  return identity && identity.sub ? identity.sub : null;
}

/** A name to show as the uploader: never the email address, which is private. */
export function callerDisplayName(ctx: Context): string | null {
  const identity = ctx.identity as { claims?: Record<string, unknown> } | null | undefined;
  const claims = identity && identity.claims ? identity.claims : {};
  const preferred = claims['preferred_username'];
  if (typeof preferred === 'string' && preferred.length > 0) {
    return preferred;
  }
  const name = claims['name'];
  return typeof name === 'string' && name.length > 0 ? name : null;
}
