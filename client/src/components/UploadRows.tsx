import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { MultipartUploadDocument } from '../../../generated/client-operations';
import { describeError } from '../errors/describe-error';
import { formatBytes } from '../format';
import type { ResumeNote } from '../upload/resume-notes';
import type { UploadJob } from '../upload/upload-job';
import { useUploadManager, useUploads } from '../upload/upload-manager-context';
import { ErrorNotice } from './ErrorNotice';
import { ProgressBar } from './ProgressBar';
import { UploadProgress } from './UploadProgress';

function UploadRow({ job }: { job: UploadJob }) {
  const manager = useUploadManager();
  const { file, title } = job.request;
  return (
    <li className="my-video my-video-uploading" aria-label={title} data-upload={job.id}>
      <div className="thumb thumb-small">
        <div className="thumb-empty" aria-hidden="true" />
      </div>
      <div className="my-video-body">
        <h2 className="my-video-title">{title}</h2>
        <p className="card-meta">
          {file.name} ({formatBytes(file.size)})
        </p>
        <UploadProgress job={job} name={title} onDismiss={() => manager.dismiss(job)} />
      </div>
    </li>
  );
}

/** An upload an earlier visit left unfinished: how far it got, as S3 holds it, and how to go on. */
function InterruptedUploadRow({ note }: { note: ResumeNote }) {
  const manager = useUploadManager();
  const { data, error } = useQuery(MultipartUploadDocument, {
    variables: { videoId: note.videoId },
    fetchPolicy: 'network-only',
  });
  const [discarding, setDiscarding] = useState<{ error?: string } | null>(null);
  const upload = data?.multipartUpload;
  // Completed, cancelled or expired since: nothing to resume.
  useEffect(() => {
    if (data && data.multipartUpload === null) manager.forget(note);
  }, [data, manager, note]);

  async function discard() {
    setDiscarding({});
    try {
      await manager.discard(note);
    } catch (failure) {
      setDiscarding({ error: describeError(failure).message });
    }
  }

  const held = upload?.uploadedParts.reduce((sum, part) => sum + part.size, 0) ?? 0;
  return (
    <li className="my-video my-video-uploading" aria-label={note.title} data-upload={note.videoId}>
      <div className="thumb thumb-small">
        <div className="thumb-empty" aria-hidden="true" />
      </div>
      <div className="my-video-body">
        <h2 className="my-video-title">{note.title}</h2>
        <p className="card-meta">
          {note.file.name} ({formatBytes(note.file.size)})
        </p>
        {upload && (
          <ProgressBar
            value={(held / upload.size) * 100}
            label="Interrupted"
            detail={`${formatBytes(held)} of ${formatBytes(upload.size)}`}
          />
        )}
        <p className="hint">
          The upload stopped when the page was left. To resume it, choose the same file on the{' '}
          <Link to="/upload">Upload page</Link>: only the parts not yet sent will go.
        </p>
        <ErrorNotice error={error ?? discarding?.error} />
        <div className="actions">
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={discarding !== null && !discarding.error}
            onClick={() => void discard()}
            aria-label={`Discard the upload of ${note.title}`}
          >
            Discard
          </button>
        </div>
      </div>
    </li>
  );
}

/** Uploads on their way, or left unfinished, listed before the videos so nobody uploads one twice. */
export function UploadRows() {
  const manager = useUploadManager();
  const { jobs, interrupted } = useUploads();
  useEffect(() => manager.refresh(), [manager]);
  return (
    <>
      {jobs.map((job) => (
        <UploadRow key={job.id} job={job} />
      ))}
      {interrupted.map((note) => (
        <InterruptedUploadRow key={note.videoId} note={note} />
      ))}
    </>
  );
}
