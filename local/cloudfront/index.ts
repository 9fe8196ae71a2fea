// Local stand-ins for what CloudFront does on AWS: the web distribution's viewer-request function,
// run from the same file Terraform deploys, and the playback distribution with its response
// headers policy from the same table.
export { buildViewerRequestEvent, CLOUDFRONT_FUNCTIONS_DIR, loadViewerRequestFunction } from './cloudfront-function';
export type {
  CloudFrontFunctionEvent,
  CloudFrontFunctionRequest,
  CloudFrontFunctionResponse,
  ViewerRequestFunction,
  ViewerRequestResult,
} from './cloudfront-function';
export { startPlaybackDistribution } from './playback-distribution';
export type { PlaybackDistribution, PlaybackDistributionOptions } from './playback-distribution';
export { applyResponseHeadersPolicy, corsHeadersFor, loadResponseHeadersPolicy } from './response-headers-policy';
export type { CorsPolicy, ResponseHeadersPolicy } from './response-headers-policy';
