import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FieldAuthorizer } from '../../../../../local/appsync/auth/field-auth';
import type { Caller } from '../../../../../local/appsync/types';

const prelude = readFileSync(path.resolve(__dirname, '../../../../../local/appsync/appsync-prelude.graphql'), 'utf8');
const schema = buildSchema(`${prelude}
  type Query {
    open: String @aws_api_key @aws_cognito_user_pools
    defaultOnly: String
    admins: String @aws_cognito_user_pools(cognito_groups: ["admin"])
    thing: Thing @aws_api_key
  }
  type Thing @aws_iam { a: String b: String @aws_api_key }
`);
const authorizer = new FieldAuthorizer(schema, 'AMAZON_COGNITO_USER_POOLS');

const apiKey: Caller = { authMode: 'API_KEY', identity: null };
const iam: Caller = { authMode: 'AWS_IAM', identity: null };
function user(groups: string[] | null): Caller {
  return {
    authMode: 'AMAZON_COGNITO_USER_POOLS',
    identity: { sub: 's', issuer: 'i', username: 'u', claims: {}, sourceIp: [], defaultAuthStrategy: 'ALLOW', groups },
  };
}

describe('FieldAuthorizer (AppSync field rules)', () => {
  test.each([
    ['Query', 'open', apiKey, true],
    ['Query', 'open', user(null), true],
    ['Query', 'open', iam, false],
    ['Query', 'defaultOnly', user(null), true],
    ['Query', 'defaultOnly', apiKey, false],
    ['Query', 'admins', user(['admin']), true],
    ['Query', 'admins', user(['viewer']), false],
    ['Query', 'admins', user(null), false],
    // The type's directives apply to fields without their own; a field's own directives replace them.
    ['Thing', 'a', iam, true],
    ['Thing', 'a', apiKey, false],
    ['Thing', 'b', apiKey, true],
    ['Thing', 'b', iam, false],
  ] as const)('%s.%s for %o -> %s', (type, field, caller, allowed) => {
    expect(authorizer.isAllowed(type, field, caller)).toBe(allowed);
  });
});
