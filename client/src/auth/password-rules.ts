import type { PasswordPolicy } from '../../../common/password-policy';

function listed(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The pool's password policy as one sentence for the sign-up form ("At least 12 characters, with ..."). */
export function describePasswordPolicy(policy: PasswordPolicy): string {
  const needs = [
    ...(policy.requireLowercase ? ['a lowercase letter'] : []),
    ...(policy.requireUppercase ? ['an uppercase letter'] : []),
    ...(policy.requireNumbers ? ['a number'] : []),
    ...(policy.requireSymbols ? ['a symbol'] : []),
  ];
  return `At least ${policy.minimumLength} characters${needs.length ? `, with ${listed(needs)}` : ''}.`;
}
