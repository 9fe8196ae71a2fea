// IAM identity-policy evaluation for the local cloud: the part of AWS's evaluation logic that the
// policies this project writes use (Allow/Deny, Action/NotAction, Resource/NotResource with * and ?
// wildcards, string/ARN/Bool/Null conditions, ...IfExists, and the set operators ForAllValues and
// ForAnyValue over a multivalued key such as dynamodb:LeadingKeys). A policy that uses anything
// else is refused when it is loaded, so an unmodelled rule can never quietly allow a call.

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  /** operator -> condition key -> values, as aws_iam_policy_document renders it. */
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** One authorization question: may the caller do `action` on `resource`, given the request's context keys? */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  /**
   * Condition keys the service puts in the request context: one value (iam:PassedToService), or
   * the values of a multivalued key (dynamodb:LeadingKeys: the partition keys a request touches).
   */
  context?: Record<string, string | readonly string[]>;
}

/** AWS's three outcomes: an explicit Deny wins, then any Allow; nothing that applies is an implicit deny. */
export type PolicyDecision = 'allow' | 'implicit-deny' | 'explicit-deny';

const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Bool',
  'Null',
] as const;
type BaseOperator = (typeof BASE_OPERATORS)[number];

/** Patterns made into expressions, by flags and pattern: the policies are few, and every request is checked against them. */
const wildcardExpressions = new Map<string, RegExp>();
/** Far more than the local policies hold; past it the cache starts over. */
const MAX_WILDCARD_EXPRESSIONS = 4096;

/** `*` is any run of characters (ARN separators included), `?` any one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const flags = ignoreCase ? 'is' : 's';
  const cacheKey = `${flags} ${pattern}`;
  let expression = wildcardExpressions.get(cacheKey);
  if (!expression) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    expression = new RegExp(`^${source}$`, flags);
    if (wildcardExpressions.size >= MAX_WILDCARD_EXPRESSIONS) wildcardExpressions.clear();
    wildcardExpressions.set(cacheKey, expression);
  }
  return expression.test(value);
}

const SET_OPERATORS = ['ForAllValues', 'ForAnyValue'] as const;
type SetOperator = (typeof SET_OPERATORS)[number];

interface ParsedOperator {
  /** ForAllValues / ForAnyValue: the operator is applied to each value of a multivalued key. */
  set?: SetOperator;
  base: BaseOperator;
  ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator {
  const colon = operator.indexOf(':');
  const set = colon < 0 ? undefined : operator.slice(0, colon);
  if (set !== undefined && !(SET_OPERATORS as readonly string[]).includes(set))
    throw new Error(`The local IAM does not model the set operator in condition ${operator}.`);
  const single = operator.slice(colon + 1);
  const ifExists = single.endsWith('IfExists') && single !== 'IfExists';
  const base = (ifExists ? single.slice(0, -'IfExists'.length) : single) as BaseOperator;
  if (!BASE_OPERATORS.includes(base) || (ifExists && base === 'Null'))
    throw new Error(`The local IAM does not model the condition operator ${operator}.`);
  // A set holds strings or ARNs: what the set operators compare them with.
  if (set !== undefined && (ifExists || base === 'Bool' || base === 'Null'))
    throw new Error(`The local IAM does not model the set operator in condition ${operator}.`);
  return { set: set as SetOperator | undefined, base, ifExists };
}

/** Refuses, at load time, a policy whose parts the evaluation below does not model. */
export function assertSupportedPolicy(policy: PolicyDocument): void {
  for (const statement of policy.Statement) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
      throw new Error(`Statement ${statement.Sid ?? ''} has no Effect Allow or Deny.`);
    if (!statement.Action === !statement.NotAction)
      throw new Error(`Statement ${statement.Sid ?? ''} needs exactly one of Action and NotAction.`);
    if (!statement.Resource === !statement.NotResource)
      throw new Error(`Statement ${statement.Sid ?? ''} needs exactly one of Resource and NotResource.`);
    for (const operator of Object.keys(statement.Condition ?? {})) parseOperator(operator);
  }
}

function contextValue(
  context: Record<string, string | readonly string[]>,
  key: string,
): string | readonly string[] | undefined {
  const name = Object.keys(context).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  return name === undefined ? undefined : context[name];
}

/** One value against the policy's values (any of them, or none of them for the negated operators). */
function valueMatches(base: Exclude<BaseOperator, 'Null'>, value: string, expected: string[]): boolean {
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
      return expected.some((wanted) => wanted === value);
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return expected.every((wanted) => wanted !== value);
    case 'StringEqualsIgnoreCase':
      return expected.some((wanted) => wanted.toLowerCase() === value.toLowerCase());
    case 'StringNotEqualsIgnoreCase':
      return expected.every((wanted) => wanted.toLowerCase() !== value.toLowerCase());
    case 'StringLike':
    case 'ArnLike':
      return expected.some((wanted) => wildcardMatch(wanted, value));
    case 'StringNotLike':
    case 'ArnNotLike':
      return expected.every((wanted) => !wildcardMatch(wanted, value));
    case 'Bool':
      return expected.some((wanted) => wanted.toLowerCase() === value.toLowerCase());
  }
}

function conditionHolds(
  operator: string,
  key: string,
  expected: string[],
  context: Record<string, string | readonly string[]>,
): boolean {
  const { set, base, ifExists } = parseOperator(operator);
  const value = contextValue(context, key);
  if (set) {
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    const matches = (each: string) => valueMatches(base as Exclude<BaseOperator, 'Null'>, each, expected);
    // As IAM: ForAllValues also holds when the request has no value for the key (a Scan has no
    // leading keys), ForAnyValue then does not.
    return set === 'ForAllValues' ? values.every(matches) : values.some(matches);
  }
  const absent = value === undefined || (typeof value !== 'string' && value.length === 0);
  if (base === 'Null') return expected.some((wanted) => (wanted === 'true') === absent);
  if (value === undefined) return ifExists || base.includes('Not');
  if (typeof value !== 'string')
    throw new Error(
      `The local IAM does not model ${operator} on the multivalued key ${key}: use ForAllValues or ForAnyValue.`,
    );
  return valueMatches(base, value, expected);
}

function statementApplies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  const actionMatches = (patterns: string[]) =>
    patterns.some((pattern) => wildcardMatch(pattern, request.action, true));
  const resourceMatches = (patterns: string[]) => patterns.some((pattern) => wildcardMatch(pattern, request.resource));
  if (statement.Action ? !actionMatches(statement.Action) : actionMatches(statement.NotAction ?? [])) return false;
  if (statement.Resource ? !resourceMatches(statement.Resource) : resourceMatches(statement.NotResource ?? []))
    return false;
  const context = request.context ?? {};
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, values, context)),
  );
}

/** Evaluates identity policies the way IAM does within one account (no boundaries, SCPs or sessions policies). */
export function evaluatePolicies(policies: PolicyDocument[], request: AuthorizationRequest): PolicyDecision {
  const applying = policies
    .flatMap((policy) => policy.Statement)
    .filter((statement) => statementApplies(statement, request));
  if (applying.some((statement) => statement.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}
