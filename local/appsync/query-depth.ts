import { SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef, introspectionTypes, isObjectType } from 'graphql';
import type { GraphQLField, GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import { locatedFieldError, queryDepthLimitError } from './error-format';

// AppSync's query depth limit applies as fields resolve: a field deeper than the limit fails with
// QueryDepthLimitReached (its value null, carried up to the first nullable parent as any field
// error) while the shallower ones return their data. Scalar leaves count as a level.

/** What a request's context carries for the check: 0 means no limit, as on AppSync. */
export interface DepthLimitedContext {
  queryDepthLimit: number;
}

/** Throws AppSync's error when the field being resolved lies deeper than the limit. */
export function assertWithinQueryDepth(info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>, limit: number): void {
  if (limit > 0 && fieldDepth(info.path) > limit) throw locatedFieldError(queryDepthLimitError(), info);
}

/** Field levels down to this one: list indexes in the path are not levels. */
function fieldDepth(path: GraphQLResolveInfo['path'] | undefined): number {
  let depth = 0;
  for (let step = path; step; step = step.prev) if (typeof step.key === 'string') depth += 1;
  return depth;
}

const limited = new WeakSet<GraphQLField<unknown, unknown>>();

/**
 * graphql-js resolves __schema, __type, __typename and the introspection types' fields with their
 * own resolvers, never the engine's fieldResolver, and introspection is where a schema without
 * cycles can still nest without end. Their resolvers are graphql-js's own objects, shared by every
 * schema in the process: each is wrapped once, and checks only requests that carry a depth limit.
 */
export function limitIntrospectionDepth(): void {
  const introspectionFields = introspectionTypes.flatMap((type) =>
    isObjectType(type) ? Object.values(type.getFields()) : [],
  );
  for (const field of [SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef, ...introspectionFields]) {
    if (limited.has(field) || !field.resolve) continue;
    const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
    field.resolve = (source, args, context, info) => {
      if (isDepthLimited(context)) assertWithinQueryDepth(info, context.queryDepthLimit);
      return resolve(source, args, context, info);
    };
    limited.add(field);
  }
}

function isDepthLimited(context: unknown): context is DepthLimitedContext {
  return (
    typeof context === 'object' &&
    context !== null &&
    typeof (context as Partial<DepthLimitedContext>).queryDepthLimit === 'number'
  );
}
