// Local stand-ins for what CloudFront does on AWS: the web distribution's viewer-request function,
// run from the same file Terraform deploys, and the playback distribution with its response
// headers policy from the same table, its cache, and CloudFront's API for invalidating that cache;
// and its compression of what it serves.
export { buildViewerRequestEvent, CLOUDFRONT_FUNCTIONS_DIR, loadViewerRequestFunction } from './cloudfront-function';
export type {
  CloudFrontFunctionEvent,
  CloudFrontFunctionRequest,
  CloudFrontFunctionResponse,
  ViewerRequestFunction,
  ViewerRequestResult,
} from './cloudfront-function';
export { chooseContentEncoding, compressBody } from './compression';
export type { ContentEncoding } from './compression';
export { CACHING_OPTIMIZED_TTL, EdgeCache } from './edge-cache';
export type { EdgeCacheOptions } from './edge-cache';
export { startCloudFrontApi } from './invalidation-api';
export type { LocalCloudFrontApi } from './invalidation-api';
export { LOCAL_PLAYBACK_DISTRIBUTION_ID, startPlaybackDistribution } from './playback-distribution';
export type { PlaybackDistribution, PlaybackDistributionOptions } from './playback-distribution';
export { applyResponseHeadersPolicy, corsHeadersFor, loadResponseHeadersPolicy } from './response-headers-policy';
export type { CorsPolicy, ResponseHeadersPolicy } from './response-headers-policy';
