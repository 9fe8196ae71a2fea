import {
  API_LIMIT_VARIABLES,
  DEFAULT_API_LIMITS,
  apiLimitsFromEnvironment,
} from '../../../../local/appsync/api-limits';

describe('apiLimitsFromEnvironment', () => {
  test('gives the defaults when nothing is set', () => {
    expect(apiLimitsFromEnvironment({})).toEqual(DEFAULT_API_LIMITS);
    expect(DEFAULT_API_LIMITS).toEqual({ queryDepthLimit: 8, resolverCountLimit: 10, introspection: 'DISABLED' });
  });

  test('takes each limit from its variable, within what AppSync accepts', () => {
    expect(
      apiLimitsFromEnvironment({
        [API_LIMIT_VARIABLES.queryDepthLimit]: '75',
        [API_LIMIT_VARIABLES.resolverCountLimit]: '0',
        [API_LIMIT_VARIABLES.introspection]: 'ENABLED',
      }),
    ).toEqual({ queryDepthLimit: 75, resolverCountLimit: 0, introspection: 'ENABLED' });
  });

  test.each([
    [
      API_LIMIT_VARIABLES.queryDepthLimit,
      '76',
      'VIDEOPIPE_APPSYNC_QUERY_DEPTH_LIMIT=76 must be a whole number from 0 to 75, as AppSync accepts.',
    ],
    [
      API_LIMIT_VARIABLES.queryDepthLimit,
      '2.5',
      'VIDEOPIPE_APPSYNC_QUERY_DEPTH_LIMIT=2.5 must be a whole number from 0 to 75, as AppSync accepts.',
    ],
    [
      API_LIMIT_VARIABLES.resolverCountLimit,
      '10001',
      'VIDEOPIPE_APPSYNC_RESOLVER_COUNT_LIMIT=10001 must be a whole number from 0 to 10000, as AppSync accepts.',
    ],
    [
      API_LIMIT_VARIABLES.resolverCountLimit,
      '-1',
      'VIDEOPIPE_APPSYNC_RESOLVER_COUNT_LIMIT=-1 must be a whole number from 0 to 10000, as AppSync accepts.',
    ],
    [API_LIMIT_VARIABLES.introspection, 'on', 'VIDEOPIPE_APPSYNC_INTROSPECTION=on must be ENABLED or DISABLED.'],
  ])('refuses %s=%s with a sentence', (name, value, sentence) => {
    expect(() => apiLimitsFromEnvironment({ [name]: value })).toThrow(sentence);
  });
});
