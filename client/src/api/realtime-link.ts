import { OperationTypeNode } from 'graphql';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ApolloLink } from '@apollo/client/link';
import { HttpLink } from '@apollo/client/link/http';
import { print } from '@apollo/client/utilities';
import { Observable } from 'rxjs';
import { AppSyncRealtimeClient, RealtimeGraphQLError } from '../../../common/appsync-realtime';
import type { AppSyncRealtimeClientOptions } from '../../../common/appsync-realtime';
import type { ClientConfig } from '../../../common/client-config';
import { createAuthLink } from './auth-link';
import type { GetAuthorization } from './authorization';

export type { RealtimeStatus } from '../../../common/appsync-realtime';

export interface AppSyncRealtimeLinkOptions extends Pick<
  AppSyncRealtimeClientOptions,
  'realtimeUrl' | 'graphqlUrl' | 'WebSocket' | 'reconnect' | 'idleCloseMs' | 'onStatusChange'
> {
  getAuthorization: GetAuthorization;
}

/** What AppSync said goes to Apollo as GraphQL errors; anything else (a lost socket, a failed token refresh) as it is. */
function toApolloError(error: unknown): unknown {
  if (!(error instanceof RealtimeGraphQLError)) return error;
  return new CombinedGraphQLErrors({
    data: null,
    errors: error.errors.length > 0 ? error.errors : [{ message: error.message }],
  });
}

/** Subscriptions over AppSync's real-time WebSocket protocol, for Apollo Client 4 (the protocol itself is common/appsync-realtime). */
export class AppSyncRealtimeLink extends ApolloLink {
  private readonly client: AppSyncRealtimeClient;

  constructor({ getAuthorization, ...options }: AppSyncRealtimeLinkOptions) {
    super();
    this.client = new AppSyncRealtimeClient({ ...options, authorize: () => getAuthorization('subscription') });
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    return new Observable<ApolloLink.Result>((observer) =>
      this.client.subscribe(
        { query: print(operation.query), variables: operation.variables },
        {
          onData: ({ data, errors }) => observer.next({ data, ...(errors ? { errors } : {}) }),
          onError: (error) => observer.error(toApolloError(error)),
          onComplete: () => observer.complete(),
        },
      ),
    );
  }
}

export interface BuildAppSyncLinkOptions {
  config: Pick<ClientConfig, 'graphqlUrl' | 'realtimeUrl'>;
  getAuthorization: GetAuthorization;
  WebSocket?: AppSyncRealtimeLinkOptions['WebSocket'];
  fetch?: typeof fetch;
  /** Passed on to AppSyncRealtimeLink. */
  realtime?: Pick<AppSyncRealtimeLinkOptions, 'reconnect' | 'idleCloseMs' | 'onStatusChange'>;
}

function isSubscription(operation: ApolloLink.Operation): boolean {
  return operation.operationType === OperationTypeNode.SUBSCRIPTION;
}

/** The whole AppSync transport: subscriptions over the real-time socket, the rest over HTTP with auth headers. */
export function buildAppSyncLink({
  config,
  getAuthorization,
  WebSocket,
  fetch,
  realtime,
}: BuildAppSyncLinkOptions): ApolloLink {
  const realtimeLink = new AppSyncRealtimeLink({
    realtimeUrl: config.realtimeUrl,
    graphqlUrl: config.graphqlUrl,
    getAuthorization,
    WebSocket,
    ...realtime,
  });
  const httpLink = createAuthLink(getAuthorization).concat(new HttpLink({ uri: config.graphqlUrl, fetch }));
  return ApolloLink.split(isSubscription, realtimeLink, httpLink);
}
