import { GraphQLError } from 'graphql';
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
