import { useInfiniteScroll } from './use-infinite-scroll';

/**
 * The end of a paged list: more load by themselves as it scrolls into view, and the button does
 * the same for keyboards, screen readers and browsers without IntersectionObserver.
 */
export function LoadMore({
  hasMore,
  loading,
  onLoadMore,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const sentinel = useInfiniteScroll(onLoadMore, hasMore);
  if (!hasMore) return null;
  return (
    <div ref={sentinel} className="load-more">
      <button type="button" className="button button-quiet" onClick={onLoadMore} disabled={loading}>
        Load more
      </button>
    </div>
  );
}
