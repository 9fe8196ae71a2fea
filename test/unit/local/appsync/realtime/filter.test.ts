import {
  matchesSubscriptionFilter,
  requiredStringEquality,
  validateSubscriptionFilter,
} from '../../../../../local/appsync/realtime/filter';

const event = {
  id: 'v1',
  userId: 'u1',
  progress: 40,
  status: 'PROCESSING',
  title: 'Holiday in Rome',
  tags: ['a', 'b'],
  owner: { name: 'ann' },
};
const only = (fieldName: string, operator: string, value: unknown) => ({
  filterGroup: [{ filters: [{ fieldName, operator, value }] }],
});

describe('enhanced subscription filters', () => {
  test.each([
    ['eq', 'userId', 'u1', 'u2'],
    ['ne', 'userId', 'u2', 'u1'],
    ['gt', 'progress', 39, 40],
    ['ge', 'progress', 40, 41],
    ['lt', 'progress', 41, 40],
    ['le', 'progress', 40, 39],
    ['between', 'progress', [10, 40], [41, 50]],
    ['in', 'status', ['DONE', 'PROCESSING'], ['DONE', 'FAILED']],
    ['notIn', 'status', ['DONE', 'FAILED'], ['PROCESSING']],
    ['beginsWith', 'title', 'Holi', 'Rome'],
    ['contains', 'title', 'in Rome', 'Paris'],
    ['notContains', 'title', 'Paris', 'Rome'],
    ['contains', 'tags', 'a', 'z'],
    ['containsAny', 'tags', ['z', 'b'], ['y', 'z']],
    ['eq', 'owner.name', 'ann', 'bob'],
  ])('%s on %s: %j passes, %j does not', (operator, field, passing, failing) => {
    expect(matchesSubscriptionFilter(only(field, operator, passing), event)).toBe(true);
    expect(matchesSubscriptionFilter(only(field, operator, failing), event)).toBe(false);
  });

  test("filters in a group are AND'ed, groups OR'ed", () => {
    const and = {
      filterGroup: [
        {
          filters: [
            { fieldName: 'userId', operator: 'eq', value: 'u1' },
            { fieldName: 'id', operator: 'eq', value: 'other' },
          ],
        },
      ],
    };
    expect(matchesSubscriptionFilter(and, event)).toBe(false);
    const or = { filterGroup: [...and.filterGroup, { filters: [{ fieldName: 'id', operator: 'eq', value: 'v1' }] }] };
    expect(matchesSubscriptionFilter(or, event)).toBe(true);
  });

  test('limits and operator names are enforced', () => {
    const rule = { fieldName: 'a', operator: 'eq', value: 1 };
    expect(
      validateSubscriptionFilter({ filterGroup: Array.from({ length: 11 }, () => ({ filters: [rule] })) }),
    ).toMatch(/at most 10 filter groups/);
    expect(validateSubscriptionFilter({ filterGroup: [{ filters: Array.from({ length: 6 }, () => rule) }] })).toMatch(
      /at most 5 filters/,
    );
    expect(validateSubscriptionFilter(only('a', 'like', 1))).toMatch(/Unknown subscription filter operator 'like'/);
    expect(validateSubscriptionFilter(only('a', 'eq', 1))).toBeNull();
  });

  test('the one string equality every passing event needs, where there is one (what subscriptions are indexed by)', () => {
    const owner = { fieldName: 'userId', operator: 'eq', value: 'u1' };
    expect(requiredStringEquality(only('userId', 'eq', 'u1'))).toEqual({ fieldName: 'userId', value: 'u1' });
    expect(
      requiredStringEquality({
        filterGroup: [{ filters: [{ fieldName: 'progress', operator: 'gt', value: 10 }, owner] }],
      }),
    ).toEqual({ fieldName: 'userId', value: 'u1' });
    for (const unnarrowed of [
      null,
      { filterGroup: [] },
      { filterGroup: [{ filters: [owner] }, { filters: [{ fieldName: 'id', operator: 'eq', value: 'v1' }] }] },
      only('progress', 'eq', 40),
      only('userId', 'ne', 'u1'),
      only('owner.name', 'eq', 'ann'),
    ])
      expect(requiredStringEquality(unnarrowed)).toBeNull();
    // Where it names one, no event without that value passes the filter.
    expect(matchesSubscriptionFilter(only('userId', 'eq', 'u1'), { ...event, userId: 'u2' })).toBe(false);
  });
});
