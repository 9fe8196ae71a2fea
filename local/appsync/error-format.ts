import { GraphQLError, responsePathAsArray } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { ResolverError } from './types';

/** One entry of a response's `errors`, in AppSync's shape. */
export interface AppSyncErrorEntry {
  path: ReadonlyArray<string | number> | null;
  data: unknown;
  errorType: string | null;
  errorInfo: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

/** A resolver error (util.error, a raised data source error) carried through graphql-js. */
export function resolverGraphQLError(error: ResolverError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { errorType: error.errorType ?? null, data: error.data ?? null, errorInfo: error.errorInfo ?? null },
  });
}

export function unauthorizedFieldError(typeName: string, fieldName: string): GraphQLError {
  return resolverGraphQLError({
    message: `Not Authorized to access ${fieldName} on type ${typeName}`,
    errorType: 'Unauthorized',
  });
}

// AppSync documents the errorTypes of its two execution limits but shows their messages only in
// console screenshots: the first is the message users quote (aws-amplify/amplify-js#8342), the
// second follows it. Clients should match on errorType.

/** A resolver past the API's resolver count limit: it fails without running. */
export function resolverCountLimitError(): GraphQLError {
  return resolverGraphQLError({
    message: 'Resolver invocation limit reached',
    errorType: 'ResolverExecutionLimitReached',
  });
}

/** A field deeper than the API's query depth limit: it fails without resolving. */
export function queryDepthLimitError(): GraphQLError {
  return resolverGraphQLError({ message: 'Query depth limit reached', errorType: 'QueryDepthLimitReached' });
}

/**
 * A field's error with its path and location already set, so graphql-js passes it on as it is.
 * graphql-js would locate it by scanning the query text from the start, once per failing field:
 * thousands of refused aliases in one large document would take seconds. The field's first token
 * knows its line and column.
 */
export function locatedFieldError(error: GraphQLError, info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>) {
  if (error.path) return error;
  const located = new GraphQLError(error.message, {
    path: responsePathAsArray(info.path),
    extensions: error.extensions,
  });
  const token = info.fieldNodes[0]?.loc?.startToken;
  Object.defineProperty(located, 'locations', {
    value: token ? [{ line: token.line, column: token.column }] : undefined,
    enumerable: true,
  });
  return located;
}

export function formatError(error: GraphQLError): AppSyncErrorEntry {
  const extensions = error.extensions as { errorType?: string | null; data?: unknown; errorInfo?: unknown };
  return {
    path: error.path ?? null,
    data: extensions.data ?? null,
    errorType: extensions.errorType ?? null,
    errorInfo: extensions.errorInfo ?? null,
    locations: error.locations ? error.locations.map(({ line, column }) => ({ line, column, sourceName: null })) : null,
    message: error.message,
  };
}
