import { SubscriptionIndex } from '../../../../../local/appsync/realtime/subscription-index';
import type { StartedSubscription } from '../../../../../local/appsync/realtime/subscription-index';
import type { SubscriptionSpec } from '../../../../../local/appsync/realtime/types';

function started(
  id: string,
  options: { mutations?: string[]; argumentFilters?: Record<string, unknown>; owner?: string },
): StartedSubscription<string> {
  const spec: SubscriptionSpec = {
    fieldName: 'onVideoStatusChanged',
    triggerMutations: options.mutations ?? ['publishVideoStatus'],
    argumentFilters: options.argumentFilters ?? {},
    filter: options.owner
      ? { filterGroup: [{ filters: [{ fieldName: 'userId', operator: 'eq', value: options.owner }] }] }
      : null,
    render: async () => null,
    renderKey: 'k',
    caller: { authMode: 'API_KEY', identity: null },
  };
  return { connection: 'c', id, spec };
}

const ids = (index: SubscriptionIndex<string>, mutation: string, result: Record<string, unknown>) =>
  [...index.candidates(mutation, result)].map((subscription) => subscription.id).sort();

describe('SubscriptionIndex', () => {
  test('offers, once each, the subscriptions of the mutation whose key value the event has, and the unkeyed', () => {
    const index = new SubscriptionIndex<string>();
    index.add(started('alice', { owner: 'u1' }));
    index.add(started('alice-video', { owner: 'u1', argumentFilters: { id: 'v1' } }));
    index.add(started('bob', { owner: 'u2' }));
    index.add(started('by-number', { argumentFilters: { progress: 40 } }));
    index.add(started('anything', {}));
    index.add(started('two-triggers', { owner: 'u1', mutations: ['publishVideoStatus', 'updateVideo'] }));

    expect(ids(index, 'publishVideoStatus', { id: 'v1', userId: 'u1' })).toEqual([
      'alice',
      'alice-video',
      'anything',
      'by-number',
      'two-triggers',
    ]);
    expect(ids(index, 'publishVideoStatus', { id: 'v2', userId: 'u2' })).toEqual(['anything', 'bob', 'by-number']);
    // A key value that is not a string narrows to nothing keyed on it.
    expect(ids(index, 'publishVideoStatus', { id: 7, userId: null })).toEqual(['anything', 'by-number']);
    expect(ids(index, 'updateVideo', { id: 'v1', userId: 'u1' })).toEqual(['two-triggers']);
    expect(ids(index, 'deleteVideo', { id: 'v1', userId: 'u1' })).toEqual([]);
  });

  test('a removed subscription is offered no more, under any of its triggers', () => {
    const index = new SubscriptionIndex<string>();
    const keyed = started('keyed', { owner: 'u1', mutations: ['publishVideoStatus', 'updateVideo'] });
    const unkeyed = started('unkeyed', {});
    const sibling = started('sibling', { owner: 'u1' });
    [keyed, unkeyed, sibling].forEach((subscription) => index.add(subscription));
    index.remove(keyed);
    index.remove(unkeyed);
    expect(ids(index, 'publishVideoStatus', { userId: 'u1' })).toEqual(['sibling']);
    expect(ids(index, 'updateVideo', { userId: 'u1' })).toEqual([]);
    index.remove(sibling);
    expect(ids(index, 'publishVideoStatus', { userId: 'u1' })).toEqual([]);
  });
});
