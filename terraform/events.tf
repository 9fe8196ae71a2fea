# One EventBridge rule per terraform/event-patterns/*.json (local/events applies the same patterns),
# each delivering to the queue its "target" names.
resource "aws_cloudwatch_event_rule" "rule" {
  for_each = local.event_patterns

  name          = "${var.name_prefix}-${each.key}"
  description   = try(each.value["$comment"], "videopipe ${each.key}")
  event_pattern = jsonencode(each.value.pattern)
}

resource "aws_cloudwatch_event_target" "queue" {
  for_each = local.event_patterns

  rule = aws_cloudwatch_event_rule.rule[each.key].name
  arn  = aws_sqs_queue.main[each.value.target].arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}
