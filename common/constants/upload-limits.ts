// Plain values only: APPSYNC_JS resolvers bundle the files of common/constants/ (lint holds them
// to the resolvers' rules).

/**
 * The largest files uploads allow. Both homes give the uploads Lambda and the client's config.json
 * the same values: Terraform from its variables (terraform/variables.tf says why each default),
 * the local cloud from VIDEOPIPE_<variable>; these are the defaults of both.
 */
export interface UploadLimits {
  /** The presigned POST's limit: files up to it go in one POST. */
  maxUploadBytes: number;
  /** Files over maxUploadBytes go by an S3 multipart upload, up to this. */
  maxMultipartUploadBytes: number;
}

/**
 * The most maxMultipartUploadBytes may be: process-upload freezes each upload with one CopyObject,
 * whose limit is 5 GiB (larger objects would need UploadPartCopy).
 */
export const MAX_COPYABLE_BYTES = 5 * 1024 * 1024 * 1024;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxUploadBytes: 100 * 1000 * 1000,
  maxMultipartUploadBytes: MAX_COPYABLE_BYTES,
};

/** The Lambda environment variable each limit travels in; the local cloud reads VIDEOPIPE_<the same name>. */
export const UPLOAD_LIMIT_VARIABLES: { [Limit in keyof UploadLimits]: string } = {
  maxUploadBytes: 'MAX_UPLOAD_BYTES',
  maxMultipartUploadBytes: 'MAX_MULTIPART_UPLOAD_BYTES',
};
