# The Lambdas of lambdas.json (the settings local/lambda runs them with): each zip is
# build/functions/<name>/ as `npm run build` writes it, the same bundle local/lambda runs. Env vars
# are the ones lambdas.json names, with their values on AWS from here (a test holds both homes' sets
# to the table, and the table to what each handler reads). AWS_ENDPOINT_URL_* stay unset on AWS:
# every client, MediaConvert included, uses its regional endpoint.
locals {
  lambda_runtime = "nodejs22.x"

  # The layers lambdas.json names.
  lambda_layers = {
    ffprobe = aws_lambda_layer_version.ffprobe.arn
  }

  appsync_graphql_url = aws_appsync_graphql_api.api.uris["GRAPHQL"]
  playback_base_url   = "https://${aws_cloudfront_distribution.playback.domain_name}"

  # Each variable's value on AWS; lambdas.json says which function gets which.
  lambda_environment_values = {
    TABLE_NAME                     = aws_dynamodb_table.videos.name
    RAW_BUCKET                     = aws_s3_bucket.raw.bucket
    PLAYBACK_BUCKET                = aws_s3_bucket.playback.bucket
    MAX_UPLOAD_BYTES               = tostring(var.max_upload_bytes)
    MAX_MULTIPART_UPLOAD_BYTES     = tostring(var.max_multipart_upload_bytes)
    MEDIACONVERT_ROLE_ARN          = aws_iam_role.mediaconvert.arn
    APPSYNC_URL                    = local.appsync_graphql_url
    STATUS_UPDATE_INTERVAL_SECONDS = tostring(var.status_update_interval_seconds)
    PLAYBACK_BASE_URL              = local.playback_base_url
    # deleteVideo invalidates a deleted video's paths in this distribution's cache.
    PLAYBACK_DISTRIBUTION_ID = aws_cloudfront_distribution.playback.id
    UPLOADS_QUEUE_URL        = aws_sqs_queue.main["uploads"].url
    # The limits (common/constants/pipeline-limits.ts has the same defaults for the local cloud).
    MAX_SOURCE_SECONDS                 = tostring(var.max_source_seconds)
    MAX_SOURCE_FRAME_RATE              = tostring(var.max_source_frame_rate)
    MAX_SOURCE_PIXELS                  = tostring(var.max_source_pixels)
    OUTPUT_MINUTES_PER_USER_PER_DAY    = tostring(var.output_minutes_per_user_per_day)
    UPLOAD_TICKETS_PER_USER_PER_MINUTE = tostring(var.upload_tickets_per_user_per_minute)
    PROCESSING_VIDEOS_PER_USER         = tostring(var.processing_videos_per_user)
    REGISTRATION_WINDOW_MINUTES        = tostring(var.registration_window_minutes)
  }

  lambda_environment = {
    for name, lambda in local.lambda_settings : name => merge(
      { for variable in lambda.environment : variable => local.lambda_environment_values[variable] },
      lambda.layerFiles,
    )
  }
}

data "archive_file" "lambda" {
  for_each = local.lambda_settings

  type        = "zip"
  source_dir  = "${path.module}/../build/functions/${each.key}"
  output_path = "${path.module}/../build/zips/${each.key}.zip"
}

# ffprobe for process-upload: a static musl build (no NSS or gconv to dlopen on Amazon Linux 2023),
# with the CA bundle it verifies HTTPS with. scripts/layer/build-ffprobe.ts fills
# build/layers/ffprobe/ (bin/ffprobe, etc/ssl/certs/ca-bundle.pem, share/licenses/ffprobe/), so the
# layer puts them under /opt. Nothing is downloaded at apply time.
data "archive_file" "ffprobe_layer" {
  type             = "zip"
  source_dir       = "${path.module}/../build/layers/ffprobe"
  output_path      = "${path.module}/../build/zips/ffprobe-layer.zip"
  output_file_mode = "0755"
}

resource "aws_lambda_layer_version" "ffprobe" {
  layer_name               = "${var.name_prefix}-ffprobe"
  description              = "ffprobe (FFmpeg 5.1, static musl, linux x64) with a CA bundle"
  filename                 = data.archive_file.ffprobe_layer.output_path
  source_code_hash         = data.archive_file.ffprobe_layer.output_base64sha256
  compatible_runtimes      = [local.lambda_runtime]
  compatible_architectures = ["x86_64"]
  license_info             = "LGPL-3.0-or-later"
}

resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.lambda_settings

  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "handler" {
  for_each = local.lambda_settings

  function_name    = "${var.name_prefix}-${each.key}"
  role             = aws_iam_role.lambda[each.key].arn
  runtime          = local.lambda_runtime
  architectures    = ["x86_64"]
  handler          = each.value.handler
  filename         = data.archive_file.lambda[each.key].output_path
  source_code_hash = data.archive_file.lambda[each.key].output_base64sha256
  timeout          = each.value.timeoutSeconds
  memory_size      = each.value.memorySizeMb
  layers           = [for layer in each.value.layers : local.lambda_layers[layer]]

  environment {
    variables = local.lambda_environment[each.key]
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.lambda[each.key].name
  }

  depends_on = [aws_iam_role_policy.lambda]
}

# Queue consumers (queues.json "consumer"): partial batch responses, so one bad record is retried
# (then dead-lettered) alone.
resource "aws_lambda_event_source_mapping" "queue" {
  for_each = local.queue_consumers

  event_source_arn                   = aws_sqs_queue.main[each.key].arn
  function_name                      = aws_lambda_function.handler[each.value.function].arn
  batch_size                         = each.value.batchSize
  maximum_batching_window_in_seconds = each.value.maximumBatchingWindowSeconds
  function_response_types            = each.value.reportBatchItemFailures ? ["ReportBatchItemFailures"] : []

  scaling_config {
    maximum_concurrency = each.value.maximumConcurrency
  }
}
