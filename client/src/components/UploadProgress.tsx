import { describeTransfer } from '../upload/upload-progress';
import { useUploadJobState } from '../upload/upload-manager-context';
import type { UploadJob } from '../upload/upload-job';
import { ProgressBar } from './ProgressBar';

/** Pause, Resume, Cancel: "Pause uploading <name>" to a screen reader where several uploads share a page. */
function JobButton({
  verb,
  name,
  quiet,
  onClick,
}: {
  verb: string;
  name?: string;
  quiet?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`button button-small${quiet ? ' button-quiet' : ''}`}
      onClick={onClick}
      aria-label={name ? `${verb} uploading ${name}` : undefined}
    >
      {verb}
    </button>
  );
}

/**
 * One upload's progress, and what can be done about it now: pause and resume (multipart), cancel.
 * `name` is said in the buttons' labels where several uploads share a page.
 */
export function UploadProgress({ job, name, onDismiss }: { job: UploadJob; name?: string; onDismiss?: () => void }) {
  const state = useUploadJobState(job);
  if (!state) return null;
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
          <JobButton verb="Pause" name={name} onClick={() => job.pause()} />
        )}
        {state.phase === 'paused' && <JobButton verb="Resume" name={name} onClick={() => job.resume()} />}
        {(state.phase === 'starting' || state.phase === 'uploading' || state.phase === 'paused') && (
          <JobButton verb="Cancel" name={name} quiet onClick={() => void job.cancel()} />
        )}
        {state.phase === 'failed' && onDismiss && (
          <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
