import { Link } from 'react-router';
import type { VideoCardFragment } from '../../../generated/client-operations';
import { formatAge, formatDuration } from '../format';
import { UploaderName } from './UploaderName';

/** One video in the feed: the whole card is the link to watch it. */
export function VideoCard({ video }: { video: VideoCardFragment }) {
  return (
    <li className="card">
      <Link to={`/watch/${video.id}`} className="card-link">
        <div className="thumb">
          {video.thumbnailUrl ? (
            <img src={video.thumbnailUrl} alt="" loading="lazy" />
          ) : (
            <div className="thumb-empty" aria-hidden="true" />
          )}
          {video.durationSeconds != null && <span className="duration">{formatDuration(video.durationSeconds)}</span>}
        </div>
        <h3 className="card-title">{video.title}</h3>
      </Link>
      <p className="card-meta">
        <UploaderName name={video.ownerName} tag={video.ownerTag} /> ·{' '}
        <time dateTime={video.createdAt}>{formatAge(video.createdAt)}</time>
      </p>
    </li>
  );
}
