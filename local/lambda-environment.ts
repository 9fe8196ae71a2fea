// The local cloud's value for each env var terraform/lambdas.json names: what
// local.lambda_environment_values in terraform/lambda.tf gives on AWS, with the local stand-ins'
// names and addresses (a test holds both sets to the table).

/** var.status_update_interval_seconds' default; VIDEOPIPE_STATUS_INTERVAL_SCALE shortens the wait locally instead. */
export const LOCAL_STATUS_UPDATE_INTERVAL_SECONDS = 10;

export interface LocalEnvironmentSources {
  tableName: string;
  rawBucket: string;
  playbackBucket: string;
  maxUploadBytes: number;
  mediaConvertRoleArn: string;
  appsyncUrl: string;
  playbackBaseUrl: string;
}

export function localLambdaEnvironmentValues(sources: LocalEnvironmentSources): Record<string, string> {
  return {
    TABLE_NAME: sources.tableName,
    RAW_BUCKET: sources.rawBucket,
    PLAYBACK_BUCKET: sources.playbackBucket,
    MAX_UPLOAD_BYTES: String(sources.maxUploadBytes),
    MEDIACONVERT_ROLE_ARN: sources.mediaConvertRoleArn,
    APPSYNC_URL: sources.appsyncUrl,
    STATUS_UPDATE_INTERVAL_SECONDS: String(LOCAL_STATUS_UPDATE_INTERVAL_SECONDS),
    PLAYBACK_BASE_URL: sources.playbackBaseUrl,
  };
}
