import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { DeleteVideoDocument, MyVideosDocument } from '../../../generated/client-operations';
import type { VideoDetailsFragment } from '../../../generated/client-operations';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EditVideoForm } from '../components/EditVideoForm';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoadMore } from '../components/LoadMore';
import { UploadRows } from '../components/UploadRows';
import { VideoStatusView } from '../components/VideoStatusView';
import { formatAge, formatDuration } from '../format';
import { useUploads } from '../upload/upload-manager-context';

const PAGE_SIZE = 20;

function MyVideoRow({
  video,
  highlighted,
  onDelete,
}: {
  video: VideoDetailsFragment;
  highlighted: boolean;
  onDelete: (video: VideoDetailsFragment) => void;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <li className={`my-video${highlighted ? ' my-video-new' : ''}`} data-video-id={video.id} aria-label={video.title}>
      <div className="thumb thumb-small">
        {video.thumbnailUrl ? (
          <img src={video.thumbnailUrl} alt="" loading="lazy" />
        ) : (
          <div className="thumb-empty" aria-hidden="true" />
        )}
        {video.durationSeconds != null && <span className="duration">{formatDuration(video.durationSeconds)}</span>}
      </div>
      <div className="my-video-body">
        {editing ? (
          <EditVideoForm video={video} onDone={() => setEditing(false)} />
        ) : (
          <>
            <h2 className="my-video-title">
              {video.status === 'DONE' ? <Link to={`/watch/${video.id}`}>{video.title}</Link> : video.title}
            </h2>
            {video.description && <p className="my-video-description">{video.description}</p>}
            <p className="card-meta">
              Uploaded <time dateTime={video.createdAt}>{formatAge(video.createdAt)}</time>
            </p>
          </>
        )}
        <VideoStatusView
          id={video.id}
          status={video.status}
          progress={video.progress}
          failureReason={video.failureReason}
        />
      </div>
      {!editing && (
        <div className="my-video-actions">
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${video.title}`}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-quiet-danger"
            onClick={() => onDelete(video)}
            aria-label={`Delete ${video.title}`}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The signed-in user's videos in every status, after the uploads still on their way; statuses
 * change live through the subscription.
 */
export function MyVideosPage() {
  const location = useLocation();
  const uploaded = (location.state as { uploaded?: string } | null)?.uploaded;
  const { data, error, loading, fetchMore, refetch } = useQuery(MyVideosDocument, {
    variables: { limit: PAGE_SIZE },
    fetchPolicy: 'cache-and-network',
  });
  const uploads = useUploads();
  const uploading = uploads.jobs.length + uploads.interrupted.length > 0;
  const [pending, setPending] = useState<VideoDetailsFragment | null>(null);
  const [remove, removal] = useMutation(DeleteVideoDocument);
  const connection = data?.listMyVideos;
  const nextToken = connection?.nextToken ?? null;
  const loadMore = () => {
    if (nextToken && !loading) void fetchMore({ variables: { limit: PAGE_SIZE, nextToken } });
  };

  async function confirmDelete() {
    if (!pending) return;
    try {
      await remove({
        variables: { id: pending.id },
        update: (cache, result) => {
          const id = result.data?.deleteVideo.id;
          if (id) cache.evict({ id: cache.identify({ __typename: 'Video', id }) });
          cache.gc();
        },
      });
      setPending(null);
    } catch {
      // Shown from the mutation's state, inside the dialog.
    }
  }

  return (
    <section aria-labelledby="my-videos-heading">
      <div className="section-head">
        <h1 id="my-videos-heading">My videos</h1>
        <Link className="button" to="/upload">
          Upload
        </Link>
      </div>
      <ErrorNotice error={error} onRetry={() => void refetch()} />
      {connection && connection.items.length === 0 && !uploading && (
        <div className="empty">
          <p>You have not uploaded any videos yet.</p>
        </div>
      )}
      <ul className="my-videos">
        <UploadRows />
        {connection?.items.map((video) => (
          <MyVideoRow key={video.id} video={video} highlighted={video.id === uploaded} onDelete={setPending} />
        ))}
      </ul>
      {loading && !connection && <p role="status">Loading your videos…</p>}
      <LoadMore hasMore={Boolean(nextToken)} loading={loading} onLoadMore={loadMore} />
      <ConfirmDialog
        open={pending !== null}
        title="Delete this video?"
        confirmLabel="Delete"
        busy={removal.loading}
        onConfirm={() => void confirmDelete()}
        onCancel={() => {
          setPending(null);
          removal.reset();
        }}
      >
        <p>“{pending?.title}” and all its renditions will be deleted for good.</p>
        <ErrorNotice error={removal.error} />
      </ConfirmDialog>
    </section>
  );
}
