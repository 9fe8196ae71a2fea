import { ApolloClient } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { currentIdToken, reportSessionExpired } from '../auth/session';
import type { ClientConfig } from '../../../common/client-config';
import { describeError } from '../errors/describe-error';
import { cognitoOrApiKey } from './authorization';
import { createCache } from './create-cache';
import { buildAppSyncLink } from './realtime-link';
import type { RealtimeStatus } from './realtime-link';

export function createApolloClient(config: ClientConfig): ApolloClient {
  const getAuthorization = cognitoOrApiKey({ getIdToken: currentIdToken, apiKey: config.apiKey });
  // The API refusing a signed-in user's credentials means the session is over (see useSessionExpiry).
  const sessionCheck = new ErrorLink(({ error }) => {
    if (describeError(error).sessionRejected) reportSessionExpired();
  });
  // AppSync keeps no backlog: what was published while the socket was down is read again instead.
  let reconnecting = false;
  const onStatusChange = (status: RealtimeStatus) => {
    if (status === 'reconnecting') reconnecting = true;
    if (status === 'connected' && reconnecting) {
      reconnecting = false;
      void client.refetchQueries({ include: 'active' });
    }
  };
  const client: ApolloClient = new ApolloClient({
    link: sessionCheck.concat(buildAppSyncLink({ config, getAuthorization, realtime: { onStatusChange } })),
    cache: createCache(),
  });
  return client;
}
