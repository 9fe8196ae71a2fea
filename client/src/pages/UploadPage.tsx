import { useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../common/constants/video-limits';
import { ProgressBar } from '../components/ProgressBar';
import { useConfig } from '../config/config-context';
import { formatBytes } from '../format';
import { describeTransfer } from '../upload/upload-progress';
import { useUpload } from '../upload/use-upload';
import { titleFromFileName, validateUpload } from '../upload/validate-upload';

export function UploadPage() {
  const { maxUploadBytes } = useConfig();
  const navigate = useNavigate();
  const upload = useUpload();
  // Only a file that passed the checks is kept, with the content type they settled on.
  const [picked, setPicked] = useState<{ file: File; contentType: string } | null>(null);
  const file = picked?.file ?? null;
  const [problem, setProblem] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [dragging, setDragging] = useState(false);
  const busy = upload.state.phase === 'uploading' || upload.state.phase === 'registering';

  function choose(candidate: File | undefined) {
    if (!candidate) return;
    upload.reset();
    const check = validateUpload(candidate, maxUploadBytes);
    setPicked(check.ok ? { file: candidate, contentType: check.contentType } : null);
    setProblem(check.ok ? null : check.message);
    if (check.ok && !title) setTitle(titleFromFileName(candidate.name).slice(0, TITLE_MAX_LENGTH));
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    if (!busy) choose(event.dataTransfer.files[0]);
  }

  // Never rejects (upload.start turns every failure into the failed phase), so the form fires it
  // and forgets.
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!picked) return setProblem('Choose a video first.');
    if (!title.trim()) return setProblem('Give the video a title.');
    const videoId = await upload.start({ ...picked, title: title.trim(), description: description.trim() });
    if (videoId) void navigate('/my-videos', { state: { uploaded: videoId } });
  }

  const state = upload.state;
  return (
    <section aria-labelledby="upload-heading" className="narrow">
      <h1 id="upload-heading">Upload a video</h1>
      <form onSubmit={(event) => void onSubmit(event)} className="form" noValidate>
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
            accept="video/*"
            disabled={busy}
            onChange={(event) => choose(event.target.files?.[0])}
            aria-describedby="file-hint"
          />
          <span className="dropzone-text">Choose a video, or drop it here</span>
          <span id="file-hint" className="hint">
            MP4, MOV, MKV, WebM and most other video files, up to {formatBytes(maxUploadBytes)}.
          </span>
        </label>
        {file && (
          <p className="chosen" aria-live="polite">
            {file.name} ({formatBytes(file.size)})
          </p>
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
        {state.phase === 'uploading' && (
          <ProgressBar value={state.progress.percent} label="Uploading" detail={describeTransfer(state.progress)} />
        )}
        {state.phase === 'registering' && <p role="status">Upload complete; registering the video…</p>}
        {state.phase === 'failed' && (
          <p className="notice notice-error" role="alert">
            {state.message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={busy || !file}>
            Upload
          </button>
          {state.phase === 'uploading' && (
            <button type="button" className="button button-quiet" onClick={upload.cancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
