import type { VideoRecord } from './video-record';

/**
 * A video as the caller may see it: the owner's sub only for the owner. Anyone can sign up, so a
 * user-pool token must not be a way round keeping subs from the public; the API key cannot read
 * userId at all (its auth directives).
 */
export function asSeenBy(video: VideoRecord, callerSub: string | null): VideoRecord {
  if (callerSub !== null && video.userId === callerSub) {
    return video;
  }
  return { ...video, userId: null };
}
