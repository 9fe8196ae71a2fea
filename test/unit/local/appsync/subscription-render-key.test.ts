// GraphQLEngine.subscriptionRenderKey: subscriptions share a rendering of an event only when
// nothing that shapes the rendering differs between them.
import { FieldAuthorizer } from '../../../../local/appsync/auth/field-auth';
import { GraphQLEngine } from '../../../../local/appsync/graphql-engine';
import type { OperationRequest } from '../../../../local/appsync/graphql-engine';
import { loadSchema } from '../../../../local/appsync/load-schema';
import type { ResolverExecutor } from '../../../../local/appsync/resolver-executor';
import type { Caller } from '../../../../local/appsync/types';

const schema = loadSchema();
const QUERY = 'subscription S($id: ID) { onVideoStatusChanged(id: $id) { id status } }';

function engineResolving(fields: string[]): GraphQLEngine {
  const executor = {
    hasResolver: (typeName: string, fieldName: string) => fields.includes(`${typeName}.${fieldName}`),
  } as unknown as ResolverExecutor;
  return new GraphQLEngine(schema, executor, new FieldAuthorizer(schema, 'AMAZON_COGNITO_USER_POOLS'));
}

function user(sub: string, groups: string[] | null = null): Caller {
  return {
    authMode: 'AMAZON_COGNITO_USER_POOLS',
    identity: {
      sub,
      issuer: 'issuer',
      username: sub,
      claims: {},
      sourceIp: ['127.0.0.1'],
      defaultAuthStrategy: 'ALLOW',
      groups,
    },
  };
}

const request = (caller: Caller, overrides: Partial<OperationRequest> = {}): OperationRequest => ({
  query: QUERY,
  variables: {},
  operationName: null,
  caller,
  headers: {},
  ...overrides,
});

test('the same document, operation and variables, by callers field auth treats alike, share a key', () => {
  const engine = engineResolving([]);
  const key = (value: OperationRequest) => engine.subscriptionRenderKey(value, 'onVideoStatusChanged');
  expect(key(request(user('alice')))).toBe(key(request(user('bob'))));
  expect(key(request(user('alice', ['editors', 'admins'])))).toBe(key(request(user('bob', ['admins', 'editors']))));
  for (const different of [
    request(user('alice'), { query: QUERY.replace('status', 'progress') }),
    request(user('alice'), { variables: { id: 'v1' } }),
    request(user('alice'), { operationName: 'S' }),
    request(user('alice', ['admins'])),
    request({ authMode: 'API_KEY', identity: null }),
  ])
    expect(key(different)).not.toBe(key(request(user('alice'))));
});

test('a subscription whose type reaches a resolver keeps a key of its own: a resolver may answer each caller differently', () => {
  const engine = engineResolving(['VideoStatusEvent.progress']);
  const key = () => engine.subscriptionRenderKey(request(user('alice')), 'onVideoStatusChanged');
  expect(key()).not.toBe(key());
});
