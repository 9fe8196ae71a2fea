import { useId, useState } from 'react';
import { buildDescriptionPreview } from './description-preview';

/** A video's description: whole when short; a long one opens collapsed behind "Show more". */
export function VideoDescription({ description }: { description: string }) {
  const [expanded, setExpanded] = useState(false);
  const textId = useId();
  const preview = buildDescriptionPreview(description);
  return (
    <div className="watch-description">
      <p id={textId} className="watch-description-text">
        {preview && !expanded ? preview : description}
      </p>
      {preview && (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-expanded={expanded}
          aria-controls={textId}
          onClick={() => setExpanded((current) => !current)}
        >
          {expanded ? 'Show less' : 'Show more'}
        </button>
      )}
    </div>
  );
}
