// SigV4 on one machine: how every local stand-in checks who signed a request. verifySigV4 for
// the JSON and query services; S3's flavours (Authorization header, presigned URL, browser POST
// policy, aws-chunked chunk signatures) with S3's own answers.

export { ChunkSigner } from './chunk-signer';
export { S3SignatureError, SignatureError } from './errors';
export { parseRawQuery, verifyS3Request } from './s3-request';
export type { S3Payload, S3RequestToVerify, S3VerifyOptions, VerifiedS3Request } from './s3-request';
export { verifyPostSignature } from './s3-post-policy';
export type { PostSignatureFields } from './s3-post-policy';
export { S3_SIGNATURE_MISMATCH } from './s3-signer';
export { deriveSigningKey } from './signing';
export { verifySigV4 } from './verify';
export type { LocalCredentials, SignedRequest, VerifiedSignature, VerifyOptions } from './verify';
