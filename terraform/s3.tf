# Three buckets, all private with public access blocked: raw (browser POST uploads, read by
# process-upload and MediaConvert), playback (HLS written by MediaConvert, served through
# CloudFront) and web (the client, served through CloudFront). Object ownership (ACLs disabled)
# and default encryption (SSE-S3) come from buckets.json, which the local S3 enforces too.
locals {
  bucket_names = {
    raw      = "${var.name_prefix}-raw-${local.bucket_suffix}"
    playback = "${var.name_prefix}-playback-${local.bucket_suffix}"
    web      = "${var.name_prefix}-web-${local.bucket_suffix}"
  }
  buckets_by_role = {
    raw      = aws_s3_bucket.raw
    playback = aws_s3_bucket.playback
    web      = aws_s3_bucket.web
  }
  # Lifecycle rules come from buckets.json ({id, prefix, expirationDays?,
  # abortIncompleteMultipartUploadDays?}), as local/s3 applies them; an action a rule leaves out is
  # null here. The raw bucket's expires every object a day after its upload: the pipeline deletes a
  # raw upload itself once its video is DONE or FAILED, so what is left after a day never got there.
  # The playback bucket's only aborts multipart uploads left incomplete for a day (MediaConvert
  # writes large outputs in parts; a job stopped midway leaves them, unseen and billed): its
  # objects never expire, since a DONE video plays from them, and the pipeline deletes the outputs
  # of failed and deleted videos itself.
  lifecycle_rules = {
    for role in ["raw", "playback"] : role => [
      for rule in local.buckets[role].lifecycle : {
        id                                     = rule.id
        prefix                                 = rule.prefix
        expiration_days                        = try(rule.expirationDays, null)
        abort_incomplete_multipart_upload_days = try(rule.abortIncompleteMultipartUploadDays, null)
      }
    ]
  }
}

resource "aws_s3_bucket" "raw" {
  bucket        = local.bucket_names.raw
  force_destroy = !var.protect_data
}

resource "aws_s3_bucket" "playback" {
  bucket        = local.bucket_names.playback
  force_destroy = !var.protect_data
}

resource "aws_s3_bucket" "web" {
  bucket        = local.bucket_names.web
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "bucket" {
  for_each = local.bucket_names

  bucket                  = local.buckets_by_role[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "bucket" {
  for_each = local.bucket_names

  bucket = local.buckets_by_role[each.key].id

  rule {
    object_ownership = local.buckets[each.key].objectOwnership
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "bucket" {
  for_each = local.bucket_names

  bucket = local.buckets_by_role[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = local.buckets[each.key].encryption
    }
  }
}

resource "aws_s3_bucket_cors_configuration" "bucket" {
  for_each = local.cors_rules

  bucket = local.buckets_by_role[each.key].id

  dynamic "cors_rule" {
    for_each = each.value
    content {
      allowed_origins = cors_rule.value.allowedOrigins
      allowed_methods = cors_rule.value.allowedMethods
      allowed_headers = cors_rule.value.allowedHeaders
      expose_headers  = lookup(cors_rule.value, "exposeHeaders", [])
      max_age_seconds = lookup(cors_rule.value, "maxAgeSeconds", null)
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "bucket" {
  for_each = { for role, rules in local.lifecycle_rules : role => rules if length(rules) > 0 }

  bucket = local.buckets_by_role[each.key].id

  dynamic "rule" {
    for_each = each.value
    content {
      id     = rule.value.id
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      dynamic "expiration" {
        for_each = rule.value.expiration_days == null ? [] : [rule.value.expiration_days]
        content {
          days = expiration.value
        }
      }

      dynamic "abort_incomplete_multipart_upload" {
        for_each = rule.value.abort_incomplete_multipart_upload_days == null ? [] : [rule.value.abort_incomplete_multipart_upload_days]
        content {
          days_after_initiation = abort_incomplete_multipart_upload.value
        }
      }
    }
  }
}

# ObjectCreated on the raw bucket -> the uploads queue (buckets.json "notifications").
resource "aws_s3_bucket_notification" "raw" {
  bucket = aws_s3_bucket.raw.id

  dynamic "queue" {
    for_each = local.buckets.raw.notifications
    content {
      events        = queue.value.events
      queue_arn     = aws_sqs_queue.main[queue.value.queue].arn
      filter_prefix = lookup(queue.value, "prefix", null)
      filter_suffix = lookup(queue.value, "suffix", null)
    }
  }

  # S3 checks it may send to the queue when the notification is saved.
  depends_on = [aws_sqs_queue_policy.main]
}

# Only the CloudFront distributions read the playback and web buckets (origin access control).
# The web distribution may also list its bucket, so a missing file is S3's 404 rather than a 403:
# the bucket holds only the public client build, and no listing can be asked for through it (its
# viewer-request function sends "/" and every path without an extension to /index.html, and the
# cache policy forwards no query string). The playback bucket is not listable: its keys are every
# video's id, including the ones getVideo shows only to their owner, and a GET of "/" on the
# playback distribution would reach S3 as a ListObjects. A missing segment there stays a 403.
data "aws_iam_policy_document" "cloudfront_read" {
  for_each = {
    playback = aws_cloudfront_distribution.playback
    web      = aws_cloudfront_distribution.web
  }

  statement {
    sid       = "CloudFrontReadsObjects"
    actions   = ["s3:GetObject"]
    resources = ["${local.buckets_by_role[each.key].arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [each.value.arn]
    }
  }

  dynamic "statement" {
    for_each = each.key == "web" ? [each.value.arn] : []
    content {
      sid       = "CloudFrontListsWebBucketSoMissingFilesAre404"
      actions   = ["s3:ListBucket"]
      resources = [local.buckets_by_role[each.key].arn]

      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceArn"
        values   = [statement.value]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "cloudfront_read" {
  for_each = data.aws_iam_policy_document.cloudfront_read

  bucket = local.buckets_by_role[each.key].id
  policy = each.value.json

  depends_on = [aws_s3_bucket_public_access_block.bucket]
}
