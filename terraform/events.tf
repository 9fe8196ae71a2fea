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

# The watchdog's schedule: videos still PROCESSING past their deadline end FAILED
# (functions/watchdog; the local cloud runs it on a timer).
resource "aws_cloudwatch_event_rule" "watchdog" {
  name                = "${var.name_prefix}-watchdog"
  description         = "Fails videos that passed their processing deadline"
  schedule_expression = "rate(${var.watchdog_interval_minutes} minutes)"
}

resource "aws_cloudwatch_event_target" "watchdog" {
  rule = aws_cloudwatch_event_rule.watchdog.name
  arn  = aws_lambda_function.handler["watchdog"].arn
}

resource "aws_lambda_permission" "watchdog_schedule" {
  statement_id  = "AllowWatchdogSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.handler["watchdog"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.watchdog.arn
}
