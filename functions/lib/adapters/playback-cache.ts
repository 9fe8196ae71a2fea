import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';

/**
 * Removes everything under `/<videoId>/` from the playback distribution's cache, so a deleted
 * video stops playing at once rather than when the cached files expire (CachingOptimized keeps
 * them 24 hours). One wildcard path: billed as one path, and it reaches every file of the video.
 * Called after the objects are gone, so nothing fetched meanwhile can be cached again. The
 * video's id is the caller reference: a retried deletion gets the same invalidation back.
 */
export async function invalidatePlaybackCache(
  cloudfront: CloudFrontClient,
  distributionId: string,
  videoId: string,
): Promise<string | undefined> {
  const answer = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        CallerReference: `delete-${videoId}`,
        Paths: { Quantity: 1, Items: [`/${videoId}/*`] },
      },
    }),
  );
  return answer.Invalidation?.Id;
}
