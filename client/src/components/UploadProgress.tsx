import { describeTransfer } from '../upload/upload-progress';
import { useUploadJobState } from '../upload/upload-manager-context';
import type { UploadJob } from '../upload/upload-job';
import { ProgressBar } from './ProgressBar';

/**
 * One upload's progress, and what can be done about it now: pause and resume (multipart), cancel.
 * `name` is said in the buttons' labels where several uploads share a page.
 */
export function UploadProgress({ job, name, onDismiss }: { job: UploadJob; name?: string; onDismiss?: () => void }) {
  const state = useUploadJobState(job);
  const about = name ? ` ${name}` : '';
  if (!state) return null;
  const cancel = (
    <button
      type="button"
      className="button button-small button-quiet"
      onClick={() => void job.cancel()}
      aria-label={name ? `Cancel uploading${about}` : undefined}
    >
      Cancel
    </button>
  );
  return (
    <div className="upload-progress" data-upload-phase={state.phase}>
      {job.notice && <p className="notice">{job.notice}</p>}
      {state.phase === 'starting' && <p role="status">Starting the upload…</p>}
      {state.phase === 'uploading' && (
        <ProgressBar value={state.progress.percent} label="Uploading" detail={describeTransfer(state.progress)} />
      )}
      {state.phase === 'paused' && (
        <>
          <ProgressBar
            value={state.progress.percent}
            label="Paused"
            detail={describeTransfer({ loaded: state.progress.loaded, total: state.progress.total, percent: 0 })}
          />
          {state.reason && (
            <p className="notice notice-error" role="alert">
              {state.reason} The parts sent so far are kept: resume to go on.
            </p>
          )}
        </>
      )}
      {state.phase === 'registering' && <p role="status">Upload complete; registering the video…</p>}
      {state.phase === 'failed' && (
        <p className="notice notice-error" role="alert">
          {state.message}
        </p>
      )}
      <div className="actions">
        {(state.phase === 'starting' || state.phase === 'uploading') && job.canPause && (
          <button
            type="button"
            className="button button-small"
            onClick={() => job.pause()}
            aria-label={name ? `Pause uploading${about}` : undefined}
          >
            Pause
          </button>
        )}
        {state.phase === 'paused' && (
          <button
            type="button"
            className="button button-small"
            onClick={() => job.resume()}
            aria-label={name ? `Resume uploading${about}` : undefined}
          >
            Resume
          </button>
        )}
        {(state.phase === 'starting' || state.phase === 'uploading' || state.phase === 'paused') && cancel}
        {state.phase === 'failed' && onDismiss && (
          <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
