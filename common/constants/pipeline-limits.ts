// Plain values only: APPSYNC_JS resolvers bundle the files of common/constants/ (lint holds them
// to the resolvers' rules).

/**
 * What one user may make the pipeline do. Both homes give the Lambdas the same values: Terraform
 * from its variables (terraform/variables.tf says why each default), the local cloud from its
 * VIDEOPIPE_* settings; these are the defaults of both.
 */
export interface PipelineLimits {
  /** Longest source accepted, in seconds (the probe refuses longer ones). */
  maxSourceSeconds: number;
  /** Highest source frame rate accepted, in frames a second. */
  maxSourceFrameRate: number;
  /** Largest source frame accepted, in pixels (width x height). */
  maxSourcePixels: number;
  /** MediaConvert output minutes (source minutes x renditions) one user's jobs may ask for in a UTC day. */
  outputMinutesPerUserPerDay: number;
  /** Upload tickets (createUploadUrl, startMultipartUpload) one user may get in a UTC minute. */
  uploadTicketsPerUserPerMinute: number;
  /** Videos of one user that may be PROCESSING at once. */
  processingVideosPerUser: number;
  /** How long after its upload an unregistered video waits for createVideo before it is deleted, in minutes. */
  registrationWindowMinutes: number;
}

export const DEFAULT_PIPELINE_LIMITS: PipelineLimits = {
  maxSourceSeconds: 30 * 60,
  maxSourceFrameRate: 60,
  maxSourcePixels: 4096 * 2160,
  outputMinutesPerUserPerDay: 600,
  uploadTicketsPerUserPerMinute: 10,
  processingVideosPerUser: 5,
  registrationWindowMinutes: 30,
};

/**
 * The Lambda environment variable each limit travels in (terraform/lambdas.json names which
 * function gets which); the local cloud reads VIDEOPIPE_<the same name> for its own value.
 */
export const PIPELINE_LIMIT_VARIABLES: { [Limit in keyof PipelineLimits]: string } = {
  maxSourceSeconds: 'MAX_SOURCE_SECONDS',
  maxSourceFrameRate: 'MAX_SOURCE_FRAME_RATE',
  maxSourcePixels: 'MAX_SOURCE_PIXELS',
  outputMinutesPerUserPerDay: 'OUTPUT_MINUTES_PER_USER_PER_DAY',
  uploadTicketsPerUserPerMinute: 'UPLOAD_TICKETS_PER_USER_PER_MINUTE',
  processingVideosPerUser: 'PROCESSING_VIDEOS_PER_USER',
  registrationWindowMinutes: 'REGISTRATION_WINDOW_MINUTES',
};
