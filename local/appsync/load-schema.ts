import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { appSyncScalars } from './scalars';

/** schema.graphql plus what AppSync predefines (scalars, auth and subscribe directives). */
export function loadSchema(file = path.resolve(__dirname, '..', '..', 'schema.graphql')): GraphQLSchema {
  const prelude = readFileSync(path.join(__dirname, 'appsync-prelude.graphql'), 'utf8');
  const schema = buildSchema(`${prelude}\n${readFileSync(file, 'utf8')}`);
  for (const [name, scalar] of Object.entries(appSyncScalars)) {
    const target = schema.getType(name);
    if (target)
      Object.assign(target, {
        serialize: scalar.serialize,
        parseValue: scalar.parseValue,
        parseLiteral: scalar.parseLiteral,
      });
  }
  return schema;
}

/** Subscription field -> the mutations that trigger it, from @aws_subscribe. */
export function subscriptionTriggers(schema: GraphQLSchema): Map<string, string[]> {
  const triggers = new Map<string, string[]>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const argument = directive?.arguments?.find((a) => a.name.value === 'mutations');
    if (argument?.value.kind === Kind.LIST) {
      triggers.set(
        field.name,
        argument.value.values.flatMap((value) => (value.kind === Kind.STRING ? [value.value] : [])),
      );
    }
  }
  return triggers;
}
