# The queues of terraform/queues.json (the ones local/queues runs): each consumer's queue redrives to
# its DLQ after maxReceiveCount receives. SSE-SQS, which S3 and EventBridge can send to without a KMS
# key policy.
locals {
  dead_letter_queue_names = toset([for queue in local.queues : queue.deadLetterQueue if can(queue.deadLetterQueue)])
  main_queues             = { for name, queue in local.queues : name => queue if !contains(local.dead_letter_queue_names, name) }
  dead_letter_queues      = { for name, queue in local.queues : name => queue if contains(local.dead_letter_queue_names, name) }
  queue_consumers         = { for name, queue in local.main_queues : name => queue.consumer if can(queue.consumer) }
  consumer_queue          = { for name, consumer in local.queue_consumers : consumer.function => name }

  # Who may send to each queue: S3 for the buckets' notifications, EventBridge for the rules.
  queue_senders = {
    for name in keys(local.main_queues) : name => concat(
      [for role, bucket in local.buckets : { service = "s3.amazonaws.com", source_arn = local.buckets_by_role[role].arn } if role != "$comment" && contains([for rule in try(bucket.notifications, []) : rule.queue], name)],
      [for rule, definition in local.event_patterns : { service = "events.amazonaws.com", source_arn = aws_cloudwatch_event_rule.rule[rule].arn } if definition.target == name],
    )
  }
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.dead_letter_queues

  name                       = "${var.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.value.visibilityTimeoutSeconds
  message_retention_seconds  = each.value.messageRetentionSeconds
  sqs_managed_sse_enabled    = true
}

resource "aws_sqs_queue" "main" {
  for_each = local.main_queues

  name                       = "${var.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.value.visibilityTimeoutSeconds
  message_retention_seconds  = each.value.messageRetentionSeconds
  sqs_managed_sse_enabled    = true
  redrive_policy = can(each.value.deadLetterQueue) ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.value.deadLetterQueue].arn
    maxReceiveCount     = each.value.maxReceiveCount
  }) : null
}

# A DLQ takes redrives from its own source queue only.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  for_each = { for name, queue in local.main_queues : queue.deadLetterQueue => name if can(queue.deadLetterQueue) }

  queue_url = aws_sqs_queue.dead_letter[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.main[each.value].arn]
  })
}

data "aws_iam_policy_document" "queue" {
  for_each = { for name, senders in local.queue_senders : name => senders if length(senders) > 0 }

  dynamic "statement" {
    for_each = each.value
    content {
      sid       = "AllowSender${statement.key}"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.main[each.key].arn]

      principals {
        type        = "Service"
        identifiers = [statement.value.service]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [statement.value.source_arn]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }
}

resource "aws_sqs_queue_policy" "main" {
  for_each = data.aws_iam_policy_document.queue

  queue_url = aws_sqs_queue.main[each.key].id
  policy    = each.value.json
}
