import { Link } from 'react-router';
import type { VideoStatus } from '../../../generated/client-operations';
import { ProgressBar } from './ProgressBar';

export interface VideoStatusViewProps {
  id: string;
  status: VideoStatus;
  progress: number;
  failureReason?: string | null;
}

/** What a video's owner needs to know about it now, and what they can do next. */
export function VideoStatusView({ id, status, progress, failureReason }: VideoStatusViewProps) {
  switch (status) {
    case 'PROCESSING':
      return (
        <div className="status status-processing" data-status="PROCESSING">
          <span className="badge badge-processing">Processing</span>
          <ProgressBar value={progress} label={progress > 0 ? 'Transcoding' : 'Waiting to transcode'} />
        </div>
      );
    case 'DONE':
      return (
        <div className="status status-done" data-status="DONE">
          <span className="badge badge-done">Done</span>
          <Link className="button button-small" to={`/watch/${id}`}>
            Watch
          </Link>
        </div>
      );
    case 'FAILED':
      return (
        <div className="status status-failed" data-status="FAILED">
          <span className="badge badge-failed">Failed</span>
          <p className="failure-reason">{failureReason || 'The video could not be processed.'}</p>
        </div>
      );
  }
}
