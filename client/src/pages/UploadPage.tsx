import { useEffect, useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../common/constants/video-limits';
import { VIDEO_FILE_ACCEPT } from '../../../common/video-file-types';
import { UploadProgress } from '../components/UploadProgress';
import { useConfig } from '../config/config-context';
import { describeError } from '../errors/describe-error';
import { formatBytes } from '../format';
import type { ResumeNote } from '../upload/resume-notes';
import { isInFlight } from '../upload/upload-job';
import type { UploadJob } from '../upload/upload-job';
import { useUploadJobState, useUploadManager } from '../upload/upload-manager-context';
import { titleFromFileName, validateUpload } from '../upload/validate-upload';

export function UploadPage() {
  const { maxUploadBytes, maxMultipartUploadBytes } = useConfig();
  const maxBytes = Math.max(maxUploadBytes, maxMultipartUploadBytes);
  const navigate = useNavigate();
  const manager = useUploadManager();
  // The upload this page started; it goes on (in My videos) if the page is left.
  const [job, setJob] = useState<UploadJob | undefined>();
  const state = useUploadJobState(job);
  // Only a file that passed the checks is kept, with the content type they settled on.
  const [picked, setPicked] = useState<{ file: File; contentType: string } | null>(null);
  const file = picked?.file ?? null;
  // An upload of the picked file begun before a reload, on offer to resume.
  const [resumable, setResumable] = useState<ResumeNote | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [dragging, setDragging] = useState(false);
  const busy = state !== undefined && (isInFlight(state) || state.phase === 'paused');
  const finishedVideo = state?.phase === 'done' ? state.videoId : undefined;

  useEffect(() => {
    if (finishedVideo) void navigate('/my-videos', { state: { uploaded: finishedVideo } });
  }, [finishedVideo, navigate]);

  // A failed upload of this page's, read and left behind: it need not linger in My videos.
  function leaveFailedJob() {
    if (job && state?.phase === 'failed') manager.dismiss(job);
  }

  function choose(candidate: File | undefined) {
    if (!candidate) return;
    leaveFailedJob();
    setJob(undefined);
    const check = validateUpload(candidate, maxBytes);
    const uploading = check.ok ? manager.jobFor(candidate) : undefined;
    const ok = check.ok && !uploading;
    setPicked(ok ? { file: candidate, contentType: check.contentType } : null);
    setProblem(
      !check.ok ? check.message : uploading ? `"${candidate.name}" is uploading already: see My videos.` : null,
    );
    const note = ok ? manager.resumeNoteFor(candidate) : undefined;
    setResumable(note);
    if (note) {
      setTitle(note.title);
      setDescription(note.description);
    } else if (ok && !title) setTitle(titleFromFileName(candidate.name).slice(0, TITLE_MAX_LENGTH));
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    if (!busy) choose(event.dataTransfer.files[0]);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!picked) return setProblem('Choose a video first.');
    if (!title.trim()) return setProblem('Give the video a title.');
    setProblem(null);
    leaveFailedJob();
    setJob(manager.start({ ...picked, title: title.trim(), description: description.trim() }, resumable?.videoId));
    setResumable(undefined);
  }

  async function startOver() {
    if (!resumable) return;
    setResumable(undefined);
    try {
      await manager.discard(resumable);
    } catch (error) {
      // The old parts go with the lifecycle rule anyway; the new upload does not wait for them.
      setProblem(
        `The earlier upload could not be discarded (${describeError(error).message}) It is deleted within a day.`,
      );
    }
  }

  return (
    <section aria-labelledby="upload-heading" className="narrow">
      <h1 id="upload-heading">Upload a video</h1>
      <form onSubmit={onSubmit} className="form" noValidate>
        <label
          className={`dropzone${dragging ? ' dropzone-active' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <input
            type="file"
            className="visually-hidden"
            accept={VIDEO_FILE_ACCEPT}
            disabled={busy}
            onChange={(event) => choose(event.target.files?.[0])}
            aria-describedby="file-hint"
          />
          <span className="dropzone-text">Choose a video, or drop it here</span>
          <span id="file-hint" className="hint">
            MP4, MOV, MKV, WebM and most other video files, up to {formatBytes(maxBytes)}. Files over{' '}
            {formatBytes(maxUploadBytes)} go in parts, and can be paused and resumed.
          </span>
        </label>
        {file && (
          <p className="chosen" aria-live="polite">
            {file.name} ({formatBytes(file.size)})
          </p>
        )}
        {resumable && !busy && (
          <div className="notice" role="status">
            <span>
              You began uploading this file before, as “{resumable.title}”. Resume, and only the parts not yet on the
              server are sent.
            </span>
            <button type="button" className="button button-small button-quiet" onClick={() => void startOver()}>
              Start over
            </button>
          </div>
        )}
        {problem && (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
        <label htmlFor="title">Title</label>
        <input
          id="title"
          value={title}
          maxLength={TITLE_MAX_LENGTH}
          required
          disabled={busy}
          onChange={(event) => setTitle(event.target.value)}
        />
        <label htmlFor="description">Description</label>
        <textarea
          id="description"
          value={description}
          maxLength={DESCRIPTION_MAX_LENGTH}
          rows={4}
          disabled={busy}
          onChange={(event) => setDescription(event.target.value)}
        />
        {job && <UploadProgress job={job} />}
        {!busy && (
          <div className="actions">
            <button type="submit" className="button" disabled={!file}>
              {resumable ? 'Resume upload' : 'Upload'}
            </button>
          </div>
        )}
        {busy && (
          <p className="hint">
            The upload goes on if you leave this page: <Link to="/my-videos">My videos</Link> shows it.
          </p>
        )}
      </form>
    </section>
  );
}
