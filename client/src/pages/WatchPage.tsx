import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { VideoDocument } from '../../../generated/client-operations';
import { ErrorNotice } from '../components/ErrorNotice';
import { UploaderName } from '../components/UploaderName';
import { VideoDescription } from '../components/VideoDescription';
import { VideoStatusView } from '../components/VideoStatusView';
import { formatDate, formatDuration } from '../format';
import { VideoPlayer } from '../player/VideoPlayer';
import { isFreshVideo } from './watch-page-preload';

export function WatchPage() {
  const { id = '' } = useParams();
  // The cache, then the network; but a video the load that opened this page has just fetched
  // (prepareWatchPage) is not asked for again.
  const fetchPolicy = useMemo(() => (isFreshVideo(id) ? 'cache-first' : 'cache-and-network'), [id]);
  const { data, error, loading, refetch } = useQuery(VideoDocument, { variables: { id }, fetchPolicy });
  const video = data?.getVideo;
  if (error && !video) return <ErrorNotice error={error} onRetry={() => void refetch()} />;
  if (loading && !video) return <p role="status">Loading…</p>;
  if (!video) {
    return (
      <section className="empty">
        <h1>Video not found</h1>
        <p>This video does not exist, was deleted, or is not public yet.</p>
        <Link className="button" to="/">
          Back to the feed
        </Link>
      </section>
    );
  }
  return (
    <article className="watch">
      {video.status === 'DONE' && video.playlistUrl ? (
        <VideoPlayer
          key={video.id}
          src={video.playlistUrl}
          poster={video.thumbnailUrl}
          title={video.title}
          size={{ width: video.width, height: video.height }}
        />
      ) : (
        <div className="player player-pending">
          <VideoStatusView
            id={video.id}
            status={video.status}
            progress={video.progress}
            failureReason={video.failureReason}
          />
        </div>
      )}
      <h1 className="watch-title">{video.title}</h1>
      <p className="watch-meta">
        <UploaderName name={video.ownerName} tag={video.ownerTag} /> ·{' '}
        <time dateTime={video.createdAt}>{formatDate(video.createdAt)}</time>
        {video.durationSeconds != null && <> · {formatDuration(video.durationSeconds)}</>}
        {video.width && video.height ? (
          <>
            {' '}
            · {video.width}×{video.height}
          </>
        ) : null}
      </p>
      {/* Keyed, so another video's description opens collapsed. */}
      {video.description && <VideoDescription key={`description-${video.id}`} description={video.description} />}
    </article>
  );
}
