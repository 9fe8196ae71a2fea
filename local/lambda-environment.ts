import { PIPELINE_LIMIT_VARIABLES } from '../common/constants/pipeline-limits';
import type { PipelineLimits } from '../common/constants/pipeline-limits';
import { UPLOAD_LIMIT_VARIABLES } from '../common/constants/upload-limits';
import type { UploadLimits } from '../common/constants/upload-limits';

// The local cloud's value for each env var terraform/lambdas.json names: what
// local.lambda_environment_values in terraform/lambda.tf gives on AWS, with the local stand-ins'
// names and addresses (a test holds both sets to the table).

/** var.status_update_interval_seconds' default; VIDEOPIPE_STATUS_INTERVAL_SCALE shortens the wait locally instead. */
export const LOCAL_STATUS_UPDATE_INTERVAL_SECONDS = 10;

export interface LocalEnvironmentSources {
  tableName: string;
  rawBucket: string;
  playbackBucket: string;
  /** The largest files the POST and a multipart upload allow (terraform: var.max_upload_bytes, var.max_multipart_upload_bytes). */
  uploadLimits: UploadLimits;
  mediaConvertRoleArn: string;
  appsyncUrl: string;
  playbackBaseUrl: string;
  /** The local playback distribution's id, which deleteVideo invalidates paths of. */
  playbackDistributionId: string;
  /** The local SQS's URL of the uploads queue. */
  uploadsQueueUrl: string;
  /** The per-user limits (terraform: the variables of the same names). */
  limits: PipelineLimits;
}

export function localLambdaEnvironmentValues(sources: LocalEnvironmentSources): Record<string, string> {
  return {
    TABLE_NAME: sources.tableName,
    RAW_BUCKET: sources.rawBucket,
    PLAYBACK_BUCKET: sources.playbackBucket,
    MEDIACONVERT_ROLE_ARN: sources.mediaConvertRoleArn,
    APPSYNC_URL: sources.appsyncUrl,
    STATUS_UPDATE_INTERVAL_SECONDS: String(LOCAL_STATUS_UPDATE_INTERVAL_SECONDS),
    PLAYBACK_BASE_URL: sources.playbackBaseUrl,
    PLAYBACK_DISTRIBUTION_ID: sources.playbackDistributionId,
    UPLOADS_QUEUE_URL: sources.uploadsQueueUrl,
    ...variablesOf(UPLOAD_LIMIT_VARIABLES, sources.uploadLimits),
    ...variablesOf(PIPELINE_LIMIT_VARIABLES, sources.limits),
  };
}

/** Each limit under its env var's name, as the Lambdas read it. */
function variablesOf<Limits extends object>(
  variables: { [Limit in keyof Limits]: string },
  limits: Limits,
): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(variables) as Array<keyof Limits>).map((limit) => [variables[limit], String(limits[limit])]),
  );
}
