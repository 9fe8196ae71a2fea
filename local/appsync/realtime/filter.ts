// AppSync's enhanced subscription filters: groups are OR'ed, the filters of a group AND'ed.

interface FilterRule {
  fieldName: string;
  operator: string;
  value: unknown;
}

interface FilterSpec {
  filterGroup: Array<{ filters: FilterRule[] }>;
}

export const MAX_FILTER_GROUPS = 10;
export const MAX_FILTERS_PER_GROUP = 5;
const OPERATORS = [
  'eq',
  'ne',
  'le',
  'lt',
  'ge',
  'gt',
  'contains',
  'notContains',
  'beginsWith',
  'in',
  'notIn',
  'between',
  'containsAny',
];

function fieldValue(data: Record<string, unknown>, fieldName: string): unknown {
  return fieldName
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      data,
    );
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function compare(actual: unknown, expected: unknown, accept: (order: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return accept(actual - expected);
  if (typeof actual === 'string' && typeof expected === 'string')
    return accept(actual < expected ? -1 : actual > expected ? 1 : 0);
  return false;
}

function matchesRule(rule: FilterRule, data: Record<string, unknown>): boolean {
  const actual = fieldValue(data, rule.fieldName);
  const expected = rule.value;
  switch (rule.operator) {
    case 'eq':
      return same(actual, expected);
    case 'ne':
      return !same(actual, expected);
    case 'lt':
      return compare(actual, expected, (order) => order < 0);
    case 'le':
      return compare(actual, expected, (order) => order <= 0);
    case 'gt':
      return compare(actual, expected, (order) => order > 0);
    case 'ge':
      return compare(actual, expected, (order) => order >= 0);
    case 'contains':
      return typeof actual === 'string'
        ? typeof expected === 'string' && actual.includes(expected)
        : Array.isArray(actual) && actual.some((item) => same(item, expected));
    case 'notContains':
      return typeof actual === 'string'
        ? typeof expected === 'string' && !actual.includes(expected)
        : Array.isArray(actual) && !actual.some((item) => same(item, expected));
    case 'beginsWith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    case 'in':
      return Array.isArray(expected) && expected.some((item) => same(item, actual));
    case 'notIn':
      return Array.isArray(expected) && !expected.some((item) => same(item, actual));
    case 'between':
      return (
        Array.isArray(expected) &&
        expected.length === 2 &&
        compare(actual, expected[0], (o) => o >= 0) &&
        compare(actual, expected[1], (o) => o <= 0)
      );
    case 'containsAny':
      return (
        Array.isArray(actual) &&
        Array.isArray(expected) &&
        expected.some((item) => actual.some((value) => same(value, item)))
      );
    default:
      return false;
  }
}

/** Whether an event's data passes the filter (no filter: everything passes). */
export function matchesSubscriptionFilter(filter: unknown, data: Record<string, unknown>): boolean {
  if (!filter) return true;
  const groups = (filter as FilterSpec).filterGroup ?? [];
  if (groups.length === 0) return true;
  return groups.some((group) => (group.filters ?? []).every((rule) => matchesRule(rule, data)));
}

/**
 * A top-level field and the string every event passing `filter` must hold there, or null when no
 * single value is required (no filter, several groups, no `eq` on a string). For a string, `same`
 * is plain equality: only that string serializes to its JSON.
 */
export function requiredStringEquality(filter: unknown): { fieldName: string; value: string } | null {
  const groups = (filter as FilterSpec | null)?.filterGroup;
  if (!Array.isArray(groups) || groups.length !== 1) return null;
  const filters = groups[0]?.filters;
  const rule = (Array.isArray(filters) ? filters : []).find(
    (candidate) =>
      candidate.operator === 'eq' &&
      typeof candidate.value === 'string' &&
      typeof candidate.fieldName === 'string' &&
      !candidate.fieldName.includes('.'),
  );
  return rule ? { fieldName: rule.fieldName, value: rule.value as string } : null;
}

/** AppSync's limits and operator names; a message to send back when a filter breaks them. */
export function validateSubscriptionFilter(filter: unknown): string | null {
  if (!filter) return null;
  const groups = (filter as FilterSpec).filterGroup;
  if (!Array.isArray(groups)) return 'A subscription filter needs a filterGroup list.';
  if (groups.length > MAX_FILTER_GROUPS)
    return `A subscription filter may have at most ${MAX_FILTER_GROUPS} filter groups.`;
  for (const group of groups) {
    if (!Array.isArray(group.filters) || group.filters.length > MAX_FILTERS_PER_GROUP) {
      return `Each filter group may have at most ${MAX_FILTERS_PER_GROUP} filters.`;
    }
    for (const rule of group.filters) {
      if (!OPERATORS.includes(rule.operator)) return `Unknown subscription filter operator '${rule.operator}'.`;
    }
  }
  return null;
}
