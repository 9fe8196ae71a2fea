// EventBridge event patterns: every field of the pattern must match (AND), a list of matchers
// matches when any does (OR), and an array in the event matches when any element does.

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function wildcardToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

function numericMatch(conditions: Json[], value: Json): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < conditions.length; i += 2) {
    const [operator, operand] = [conditions[i], Number(conditions[i + 1])];
    const ok =
      operator === '='
        ? value === operand
        : operator === '<'
          ? value < operand
          : operator === '<='
            ? value <= operand
            : operator === '>'
              ? value > operand
              : operator === '>='
                ? value >= operand
                : false;
    if (!ok) return false;
  }
  return true;
}

/** One matcher of a pattern list against one value of the event (present or not). */
function matchOne(matcher: Json, value: Json, present: boolean): boolean {
  if (!isPlainObject(matcher)) return present && value === matcher;
  const [operator, operand] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'exists':
      return operand === present;
    case 'prefix':
      return (
        present &&
        typeof value === 'string' &&
        (isPlainObject(operand)
          ? value.toLowerCase().startsWith(String(operand['equals-ignore-case']).toLowerCase())
          : value.startsWith(String(operand)))
      );
    case 'suffix':
      return (
        present &&
        typeof value === 'string' &&
        (isPlainObject(operand)
          ? value.toLowerCase().endsWith(String(operand['equals-ignore-case']).toLowerCase())
          : value.endsWith(String(operand)))
      );
    case 'equals-ignore-case':
      return present && typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'wildcard':
      return present && typeof value === 'string' && wildcardToRegExp(String(operand)).test(value);
    case 'numeric':
      return present && numericMatch(operand as Json[], value);
    case 'anything-but': {
      if (!present) return false;
      if (isPlainObject(operand)) {
        if ('prefix' in operand) return !(typeof value === 'string' && value.startsWith(String(operand.prefix)));
        if ('suffix' in operand) return !(typeof value === 'string' && value.endsWith(String(operand.suffix)));
        if ('equals-ignore-case' in operand) {
          const list = (
            Array.isArray(operand['equals-ignore-case'])
              ? operand['equals-ignore-case']
              : [operand['equals-ignore-case']]
          ).map((item) => String(item).toLowerCase());
          return !(typeof value === 'string' && list.includes(value.toLowerCase()));
        }
        return false;
      }
      return !(Array.isArray(operand) ? operand : [operand]).includes(value);
    }
    default:
      return false;
  }
}

function matchField(matchers: Json, eventValue: Json, present: boolean): boolean {
  if (isPlainObject(matchers)) return present && isPlainObject(eventValue) && matchesEventPattern(matchers, eventValue);
  const list = Array.isArray(matchers) ? matchers : [matchers];
  const values = Array.isArray(eventValue) ? eventValue : [eventValue];
  return list.some((matcher) =>
    isPlainObject(matcher) && 'exists' in matcher
      ? matchOne(matcher, eventValue, present)
      : values.some((value) => matchOne(matcher, value, present)),
  );
}

export function matchesEventPattern(pattern: Record<string, Json>, event: Record<string, Json>): boolean {
  return Object.entries(pattern).every(([key, matchers]) => {
    if (key === '$or')
      return (matchers as Array<Record<string, Json>>).some((alternative) => matchesEventPattern(alternative, event));
    const present = Object.prototype.hasOwnProperty.call(event, key) && event[key] !== undefined;
    return matchField(matchers, event[key], present);
  });
}
