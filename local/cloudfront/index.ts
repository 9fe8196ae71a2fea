// Local stand-ins for what CloudFront does on AWS: the web distribution's viewer-request function,
// run from the same file Terraform deploys.
export { buildViewerRequestEvent, CLOUDFRONT_FUNCTIONS_DIR, loadViewerRequestFunction } from './cloudfront-function';
export type { CloudFrontFunctionEvent, CloudFrontFunctionRequest, CloudFrontFunctionResponse, ViewerRequestFunction, ViewerRequestResult } from './cloudfront-function';
