import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import { DISPLAY_NAME_MAX_LENGTH, OWNER_TAG_LENGTH, OWNER_TAG_MARK } from '../../common/constants/owner-name';

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

/**
 * The name the caller chose to be shown as the uploader (never the email address, which is
 * private). It is theirs to pick and not unique, so it is shown beside ownerTagOf(sub), which they
 * cannot pick: the tag's mark is taken out of the name so a name cannot wear someone else's tag.
 */
export function callerDisplayName(ctx: Context): string | null {
  const identity = ctx.identity as { claims?: Record<string, unknown> } | null | undefined;
  const claims = identity && identity.claims ? identity.claims : {};
  const preferred = shownName(claims['preferred_username']);
  return preferred !== null ? preferred : shownName(claims['name']);
}

function shownName(claim: unknown): string | null {
  if (typeof claim !== 'string') {
    return null;
  }
  const name = claim.split(OWNER_TAG_MARK).join('').trim().slice(0, DISPLAY_NAME_MAX_LENGTH).trim();
  if (name.length === 0 || util.matches('[\\s\\S]*[\\u0000-\\u001F\\u007F][\\s\\S]*', name)) {
    return null;
  }
  return name;
}

/**
 * The owner's tag: the first 8 hex digits of their sub. Fixed by the account, so two owners who
 * chose the same name show different tags (a copy would take some 2^32 sign-ups to find), while
 * the feed learns too little of the sub to name the account.
 */
export function ownerTagOf(sub: string): string {
  return sub.split('-').join('').slice(0, OWNER_TAG_LENGTH).toLowerCase();
}
