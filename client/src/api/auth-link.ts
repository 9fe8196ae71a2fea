import type { ApolloLink } from '@apollo/client/link';
import { SetContextLink } from '@apollo/client/link/context';
import type { GetAuthorization } from './authorization';

/**
 * Sets AppSync's auth headers on every HTTP operation; put it before the HttpLink. The headers are
 * asked for per operation (not once at start-up) because ID tokens expire and get refreshed.
 */
export function createAuthLink(getAuthorization: GetAuthorization): ApolloLink {
  return new SetContextLink(async (previous, operation) => ({
    headers: {
      ...(previous.headers as Record<string, string> | undefined),
      ...(await getAuthorization(operation.operationType)),
    },
  }));
}
