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

# The Lambdas lambdas.json gives a schedule (the watchdog, which fails videos still PROCESSING past
# their deadline): one rule each, invoking the function; the local cloud runs the same schedule on a
# timer.
locals {
  lambda_schedules = { for name, lambda in local.lambda_settings : name => lambda.schedule if can(lambda.schedule) }
}

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = local.lambda_schedules

  name                = "${var.name_prefix}-${each.key}"
  description         = "Runs the ${each.key} Lambda on its schedule in lambdas.json"
  schedule_expression = each.value
}

resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.lambda_schedules

  rule = aws_cloudwatch_event_rule.schedule[each.key].name
  arn  = aws_lambda_function.handler[each.key].arn
}

resource "aws_lambda_permission" "schedule" {
  for_each = local.lambda_schedules

  statement_id  = "Allow${replace(title(each.key), "-", "")}Schedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.handler[each.key].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}

# The watchdog's rule, target and permission before lambdas.json held the schedule.
moved {
  from = aws_cloudwatch_event_rule.watchdog
  to   = aws_cloudwatch_event_rule.schedule["watchdog"]
}

moved {
  from = aws_cloudwatch_event_target.watchdog
  to   = aws_cloudwatch_event_target.schedule["watchdog"]
}

moved {
  from = aws_lambda_permission.watchdog_schedule
  to   = aws_lambda_permission.schedule["watchdog"]
}
