import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { FeedDocument } from '../../../generated/client-operations';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoadMore } from '../components/LoadMore';
import { VideoCard } from '../components/VideoCard';

const PAGE_SIZE = 12;

/** Everyone's finished videos, newest first; more load as the reader scrolls. */
export function FeedPage() {
  const { data, error, loading, fetchMore, refetch } = useQuery(FeedDocument, {
    variables: { limit: PAGE_SIZE },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.listVideos;
  const nextToken = connection?.nextToken ?? null;
  const loadMore = () => {
    if (nextToken && !loading) void fetchMore({ variables: { limit: PAGE_SIZE, nextToken } });
  };
  return (
    <section aria-labelledby="feed-heading">
      <h1 id="feed-heading">Latest videos</h1>
      <ErrorNotice error={error} onRetry={() => void refetch()} />
      {connection && connection.items.length === 0 && (
        <div className="empty">
          <p>No videos yet.</p>
          <Link className="button" to="/upload">
            Upload the first one
          </Link>
        </div>
      )}
      <ul className="grid" aria-busy={loading}>
        {connection?.items.map((video) => (
          <VideoCard key={video.id} video={video} />
        ))}
      </ul>
      {loading && (
        <p className="loading" role="status">
          Loading videos…
        </p>
      )}
      <LoadMore hasMore={Boolean(nextToken)} loading={loading} onLoadMore={loadMore} />
    </section>
  );
}
