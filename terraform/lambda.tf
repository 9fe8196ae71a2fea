# The Lambdas: each zip is build/functions/<name>/ as `npm run build` writes it (index.mjs, handler
# index.handler), the same bundle local/lambda runs. Env vars are the ones each handler reads
# (requireEnv/numberEnv/optionalEnv in functions/<name>/handler.ts; a test keeps them in step).
# AWS_ENDPOINT_URL_* stay unset on AWS: every client, MediaConvert included, uses its regional endpoint.
locals {
  lambda_runtime = "nodejs22.x"

  lambda_settings = {
    uploads = {
      timeout     = 10
      memory_size = 256
      layers      = []
    }
    process-upload = {
      timeout     = local.queues[local.consumer_queue["process-upload"]].consumer.timeoutSeconds
      memory_size = 1024
      layers      = [aws_lambda_layer_version.ffprobe.arn]
    }
    job-events = {
      timeout     = local.queues[local.consumer_queue["job-events"]].consumer.timeoutSeconds
      memory_size = 256
      layers      = []
    }
    watchdog = {
      timeout     = 60
      memory_size = 256
      layers      = []
    }
  }

  appsync_graphql_url = aws_appsync_graphql_api.api.uris["GRAPHQL"]
  playback_base_url   = "https://${aws_cloudfront_distribution.playback.domain_name}"

  lambda_environment = {
    uploads = {
      TABLE_NAME       = aws_dynamodb_table.videos.name
      RAW_BUCKET       = aws_s3_bucket.raw.bucket
      PLAYBACK_BUCKET  = aws_s3_bucket.playback.bucket
      MAX_UPLOAD_BYTES = tostring(var.max_upload_bytes)
    }
    process-upload = {
      TABLE_NAME                     = aws_dynamodb_table.videos.name
      RAW_BUCKET                     = aws_s3_bucket.raw.bucket
      PLAYBACK_BUCKET                = aws_s3_bucket.playback.bucket
      MEDIACONVERT_ROLE_ARN          = aws_iam_role.mediaconvert.arn
      APPSYNC_URL                    = local.appsync_graphql_url
      STATUS_UPDATE_INTERVAL_SECONDS = tostring(var.status_update_interval_seconds)
      FFPROBE_PATH                   = "/opt/bin/ffprobe"
      FFPROBE_CA_FILE                = "/opt/etc/ssl/certs/ca-bundle.pem"
    }
    job-events = {
      TABLE_NAME        = aws_dynamodb_table.videos.name
      RAW_BUCKET        = aws_s3_bucket.raw.bucket
      PLAYBACK_BUCKET   = aws_s3_bucket.playback.bucket
      PLAYBACK_BASE_URL = local.playback_base_url
      APPSYNC_URL       = local.appsync_graphql_url
    }
    watchdog = {
      TABLE_NAME  = aws_dynamodb_table.videos.name
      RAW_BUCKET  = aws_s3_bucket.raw.bucket
      APPSYNC_URL = local.appsync_graphql_url
    }
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
  handler          = "index.handler"
  filename         = data.archive_file.lambda[each.key].output_path
  source_code_hash = data.archive_file.lambda[each.key].output_base64sha256
  timeout          = each.value.timeout
  memory_size      = each.value.memory_size
  layers           = each.value.layers

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
