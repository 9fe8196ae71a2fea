import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../common/constants/video-limits';
import { UpdateVideoDocument } from '../../../generated/client-operations';
import type { VideoDetailsFragment } from '../../../generated/client-operations';
import { ErrorNotice } from './ErrorNotice';

export function EditVideoForm({ video, onDone }: { video: VideoDetailsFragment; onDone: () => void }) {
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description ?? '');
  const [update, { loading, error }] = useMutation(UpdateVideoDocument);
  const [problem, setProblem] = useState<string | null>(null);

  // Never rejects (the mutation's state carries its error), so the form fires it and forgets.
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return setProblem('The title cannot be empty.');
    setProblem(null);
    try {
      await update({ variables: { input: { id: video.id, title: title.trim(), description: description.trim() } } });
      onDone();
    } catch {
      // The error is rendered from the mutation's state.
    }
  }

  return (
    <form
      className="form edit-form"
      onSubmit={(event) => void onSubmit(event)}
      aria-label={`Edit ${video.title}`}
      noValidate
    >
      <label htmlFor={`title-${video.id}`}>Title</label>
      <input
        id={`title-${video.id}`}
        value={title}
        maxLength={TITLE_MAX_LENGTH}
        onChange={(event) => setTitle(event.target.value)}
        autoFocus
      />
      <label htmlFor={`description-${video.id}`}>Description</label>
      <textarea
        id={`description-${video.id}`}
        value={description}
        rows={3}
        maxLength={DESCRIPTION_MAX_LENGTH}
        onChange={(event) => setDescription(event.target.value)}
      />
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="submit" className="button button-small" disabled={loading}>
          Save
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
