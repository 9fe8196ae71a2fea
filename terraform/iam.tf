# Least privilege, one role per principal. Lambda grants are data (terraform/lambda-permissions.json:
# calls -> actions -> named resources) so a test can hold them against the handlers' code; the
# offline checker refuses wildcard actions and Resource "*".
locals {
  lambda_permissions = { for name, statements in jsondecode(file("${path.module}/lambda-permissions.json")) : name => statements if name != "$comment" }

  mediaconvert_arn_prefix = "arn:${local.partition}:mediaconvert:${var.region}:${local.account_id}"

  # The names lambda-permissions.json uses for resources, per function.
  lambda_permission_resources = {
    for name in keys(local.lambda_settings) : name => {
      raw-objects = ["${aws_s3_bucket.raw.arn}/*"]
      # process-upload's accepted copies (functions/lib/upload-keys.ts): the only raw key it writes.
      raw-accepted-objects = ["${aws_s3_bucket.raw.arn}/accepted/*"]
      raw-bucket           = [aws_s3_bucket.raw.arn]
      playback-objects     = ["${aws_s3_bucket.playback.arn}/*"]
      playback-bucket      = [aws_s3_bucket.playback.arn]
      videos-table         = [aws_dynamodb_table.videos.arn]
      deadlines-index      = ["${aws_dynamodb_table.videos.arn}/index/processingDeadlines"]
      owner-index          = ["${aws_dynamodb_table.videos.arn}/index/byOwner"]
      # The uploads Lambda's registration notices to process-upload (functions/lib/registration-notice.ts).
      uploads-queue = [aws_sqs_queue.main["uploads"].arn]
      # CreateJob is authorised on the job and on the queue it joins (the Default queue).
      mediaconvert-jobs = ["${local.mediaconvert_arn_prefix}:jobs/*", "${local.mediaconvert_arn_prefix}:queues/Default"]
      mediaconvert-job  = ["${local.mediaconvert_arn_prefix}:jobs/*"]
      mediaconvert-role = [aws_iam_role.mediaconvert.arn]
      # deleteVideo's CreateInvalidation (functions/lib/adapters/playback-cache.ts): this distribution only.
      playback-distribution = [aws_cloudfront_distribution.playback.arn]
      publish-video-status  = ["${aws_appsync_graphql_api.api.arn}/types/Mutation/fields/publishVideoStatus"]
      own-log-group         = ["${aws_cloudwatch_log_group.lambda[name].arn}:*"]
      own-queue             = contains(keys(local.consumer_queue), name) ? [aws_sqs_queue.main[local.consumer_queue[name]].arn] : []
    }
  }

  # What the resolvers bound to each DynamoDB data source ask of it (ddb.get, ddb.query and the
  # UpdateItem/DeleteItem requests in resolvers/); Query reaches the table's indexes.
  appsync_dynamodb_actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
}

# --- Trust of services acting in this account ---------------------------------------------------

# Roles that services in this account assume (MediaConvert for jobs, AppSync for its logs), bound
# to the account against the confused deputy. MediaConvert documents that its role's trust policy
# may require aws:SourceAccount (any of the account's queues) or aws:SourceArn (a queue's ARN):
# https://docs.aws.amazon.com/mediaconvert/latest/ug/cross-service-confused-deputy-prevention.html
# Who may hand MediaConvert the role at all is process-upload's iam:PassRole, bound by
# iam:PassedToService in lambda-permissions.json.
data "aws_iam_policy_document" "account_service_assume" {
  for_each = toset(["mediaconvert", "appsync"])

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["${each.key}.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# --- Lambda execution roles ---------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  for_each = local.lambda_settings

  name               = "${var.name_prefix}-lambda-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "lambda" {
  for_each = local.lambda_permissions

  dynamic "statement" {
    for_each = each.value
    content {
      sid       = "Grant${statement.key}"
      actions   = statement.value.actions
      resources = flatten([for resource in statement.value.resources : local.lambda_permission_resources[each.key][resource]])

      dynamic "condition" {
        for_each = lookup(statement.value, "conditions", [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "lambda" {
  for_each = data.aws_iam_policy_document.lambda

  name   = "${var.name_prefix}-${each.key}"
  role   = aws_iam_role.lambda[each.key].id
  policy = each.value.json
}

# --- MediaConvert: reads the accepted upload, writes the HLS renditions and thumbnail -------------

resource "aws_iam_role" "mediaconvert" {
  name               = "${var.name_prefix}-mediaconvert"
  assume_role_policy = data.aws_iam_policy_document.account_service_assume["mediaconvert"].json
}

data "aws_iam_policy_document" "mediaconvert" {
  # Only the accepted copies, the bytes process-upload probed: never the object at a ticket's key,
  # which a second POST with the same ticket could replace.
  statement {
    sid       = "ReadAcceptedUploads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.raw.arn}/accepted/*"]
  }

  statement {
    sid       = "WritePlayback"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.playback.arn}/*"]
  }
}

resource "aws_iam_role_policy" "mediaconvert" {
  name   = "${var.name_prefix}-mediaconvert"
  role   = aws_iam_role.mediaconvert.id
  policy = data.aws_iam_policy_document.mediaconvert.json
}

# --- AppSync: one service role per data source, and one for logging ------------------------------

data "aws_iam_policy_document" "appsync_datasource_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["appsync.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["${aws_appsync_graphql_api.api.arn}/*", aws_appsync_graphql_api.api.arn]
    }
  }
}

resource "aws_iam_role" "appsync_datasource" {
  for_each = { for name, source in local.manifest.dataSources : name => source if source.type != "NONE" }

  name               = "${var.name_prefix}-appsync-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.appsync_datasource_assume.json
}

data "aws_iam_policy_document" "appsync_datasource" {
  for_each = aws_iam_role.appsync_datasource

  dynamic "statement" {
    for_each = local.manifest.dataSources[each.key].type == "AMAZON_DYNAMODB" ? [local.appsync_tables[local.manifest.dataSources[each.key].table]] : []
    content {
      sid       = "TableAndIndexes"
      actions   = local.appsync_dynamodb_actions
      resources = [statement.value.arn, "${statement.value.arn}/index/*"]
    }
  }

  dynamic "statement" {
    for_each = local.manifest.dataSources[each.key].type == "AWS_LAMBDA" ? [local.appsync_functions[local.manifest.dataSources[each.key].function]] : []
    content {
      sid       = "InvokeFunction"
      actions   = ["lambda:InvokeFunction"]
      resources = [statement.value.arn]
    }
  }
}

resource "aws_iam_role_policy" "appsync_datasource" {
  for_each = data.aws_iam_policy_document.appsync_datasource

  name   = "${var.name_prefix}-appsync-${each.key}"
  role   = aws_iam_role.appsync_datasource[each.key].id
  policy = each.value.json
}

# The API refers to this role, so its trust cannot name the API's ARN: the account it is.
resource "aws_iam_role" "appsync_logs" {
  name               = "${var.name_prefix}-appsync-logs"
  assume_role_policy = data.aws_iam_policy_document.account_service_assume["appsync"].json
}

data "aws_iam_policy_document" "appsync_logs" {
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.appsync.arn}:*"]
  }
}

resource "aws_iam_role_policy" "appsync_logs" {
  name   = "${var.name_prefix}-appsync-logs"
  role   = aws_iam_role.appsync_logs.id
  policy = data.aws_iam_policy_document.appsync_logs.json
}
