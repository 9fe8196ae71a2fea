import { useApolloClient } from '@apollo/client/react';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { useAuthStatus } from '../auth/auth-status';
import { useConfig } from '../config/config-context';
import { createApolloUploadApi } from './apollo-upload-api';
import { ResumeNotes } from './resume-notes';
import { UploadManager } from './upload-manager';
import type { UploadsSnapshot } from './upload-manager';
import type { UploadJob, UploadJobState } from './upload-job';
import { useLeaveWarning } from './use-leave-warning';

const UploadManagerContext = createContext<UploadManager | undefined>(undefined);

/**
 * The uploads of whoever is signed in, above the routes: a page change does not stop them, a
 * reload or a closed tab is warned about while bytes are in flight.
 */
export function UploadManagerProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const { maxUploadBytes } = useConfig();
  const [manager] = useState(
    () =>
      new UploadManager({
        api: createApolloUploadApi(client),
        notes: new ResumeNotes(window.localStorage),
        maxPostBytes: maxUploadBytes,
      }),
  );
  // Whose uploads they are: another person (or nobody) signing in pauses those under way.
  const { authStatus, user } = useAuthStatus();
  const ownerId = authStatus === 'authenticated' ? user?.userId : undefined;
  useEffect(() => {
    if (authStatus !== 'configuring') manager.setOwner(ownerId);
  }, [manager, authStatus, ownerId]);
  return <UploadsScope manager={manager}>{children}</UploadsScope>;
}

/** Gives the pages below this manager's uploads (tests bring a manager of their own). */
export function UploadsScope({ manager, children }: { manager: UploadManager; children: ReactNode }) {
  const bytesInFlight = useSyncExternalStore(manager.subscribe, () => manager.bytesInFlight);
  useLeaveWarning(bytesInFlight);
  return <UploadManagerContext.Provider value={manager}>{children}</UploadManagerContext.Provider>;
}

export function useUploadManager(): UploadManager {
  const manager = useContext(UploadManagerContext);
  if (!manager) throw new Error('useUploadManager needs an UploadManagerProvider above it.');
  return manager;
}

/** The uploads to show, re-rendered when the list or a job's phase changes. */
export function useUploads(): UploadsSnapshot {
  const manager = useUploadManager();
  return useSyncExternalStore(manager.subscribe, () => manager.snapshot);
}

/** A job's state as it changes (progress included); nothing without a job. */
export function useUploadJobState(job: UploadJob | undefined): UploadJobState | undefined {
  return useSyncExternalStore(
    (listener) => job?.subscribe(listener) ?? (() => undefined),
    () => job?.state,
  );
}
