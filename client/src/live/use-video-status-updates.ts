import { useSubscription } from '@apollo/client/react';
import {
  MyVideosDocument,
  OnVideoStatusChangedDocument,
  VideoDocument,
  VideoStatusFieldsFragmentDoc,
} from '../../../generated/client-operations';
import type { OnVideoStatusChangedSubscription } from '../../../generated/client-operations';
import type { ApolloClient } from '@apollo/client';

type StatusEvent = NonNullable<OnVideoStatusChangedSubscription['onVideoStatusChanged']>;

/** Writes one pushed status change into the cached Video, so every page showing it updates. */
export function applyStatusEvent(client: ApolloClient, event: StatusEvent): void {
  const id = client.cache.identify({ __typename: 'Video', id: event.id });
  const cached = id ? client.cache.readFragment({ fragment: VideoStatusFieldsFragmentDoc, id }) : null;
  // A video this tab has not seen yet (uploaded elsewhere): read the list again.
  if (!cached) {
    void client.refetchQueries({ include: [MyVideosDocument] });
    return;
  }
  // Events can arrive out of order: a finished video stays finished, and progress never goes back.
  if (cached.status !== 'PROCESSING' && event.status === 'PROCESSING') return;
  client.cache.modify({
    id,
    fields: {
      status: () => event.status,
      progress: (current: number) =>
        event.status === 'PROCESSING' ? Math.max(current ?? 0, event.progress) : event.progress,
      updatedAt: () => event.updatedAt,
      failureReason: () => event.failureReason,
      durationSeconds: (current: number | null) => event.durationSeconds ?? current,
      playlistUrl: (current: string | null) => event.playlistUrl ?? current,
      thumbnailUrl: (current: string | null) => event.thumbnailUrl ?? current,
    },
  });
  // A finished video's renditions and size are not in the event: read it whole.
  if (event.status !== 'PROCESSING')
    void client
      .query({ query: VideoDocument, variables: { id: event.id }, fetchPolicy: 'network-only' })
      .catch(() => undefined);
}

/** The signed-in user's status changes, for as long as they are signed in. */
export function useVideoStatusUpdates(signedIn: boolean): void {
  useSubscription(OnVideoStatusChangedDocument, {
    skip: !signedIn,
    onData: ({ client, data }) => {
      const event = data.data?.onVideoStatusChanged;
      if (event) applyStatusEvent(client, event);
    },
  });
}
