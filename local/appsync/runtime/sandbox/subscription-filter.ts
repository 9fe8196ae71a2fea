// util.transform.toSubscriptionFilter: a filter object to AppSync's enhanced filter groups.
// Fields of one object are AND'ed into a group; `or` (and several operators on one field)
// multiply the groups out; rules are further alternatives.

interface Filter {
  fieldName: string;
  operator: string;
  value: unknown;
}

type Groups = Filter[][];

function product(left: Groups, right: Groups): Groups {
  return left.flatMap((a) => right.map((b) => [...a, ...b]));
}

function groupsOf(filter: Record<string, unknown>, ignored: string[]): Groups {
  let groups: Groups = [[]];
  for (const [key, value] of Object.entries(filter)) {
    if (ignored.includes(key)) continue;
    if (key === 'and' && Array.isArray(value)) {
      for (const member of value) groups = product(groups, groupsOf(member as Record<string, unknown>, ignored));
    } else if (key === 'or' && Array.isArray(value)) {
      groups = product(
        groups,
        value.flatMap((member) => groupsOf(member as Record<string, unknown>, ignored)),
      );
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const alternatives = Object.entries(value as Record<string, unknown>).map(([operator, operand]) => [
        { fieldName: key, operator, value: operand },
      ]);
      if (alternatives.length === 0) return [];
      groups = product(groups, alternatives);
    }
  }
  return groups;
}

export function toSubscriptionFilter(filter: unknown, ignoredFields?: string[] | null, rules?: unknown[] | null) {
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return null;
  const ignored = ignoredFields ?? [];
  let groups = groupsOf(filter as Record<string, unknown>, ignored);
  if (rules && rules.length > 0) {
    groups = product(
      groups,
      rules.flatMap((rule) => groupsOf(rule as Record<string, unknown>, ignored)),
    );
  }
  return { filterGroup: groups.filter((group) => group.length > 0).map((filters) => ({ filters })) };
}
