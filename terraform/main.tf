# The definitions both homes read (the local cloud reads the same files): the table, the buckets'
# access/CORS/notifications, the queues and their consumers, the Lambdas' settings, the EventBridge
# patterns, the API wiring.
locals {
  table_definition = jsondecode(file("${path.module}/videos-table.json"))
  buckets          = jsondecode(file("${path.module}/buckets.json"))
  queues           = { for name, queue in jsondecode(file("${path.module}/queues.json")) : name => queue if name != "$comment" }
  lambda_settings  = { for name, lambda in jsondecode(file("${path.module}/lambdas.json")) : name => lambda if name != "$comment" }
  manifest         = jsondecode(file("${path.module}/../resolvers/manifest.json"))
  event_patterns = {
    for file_name in fileset("${path.module}/event-patterns", "*.json") :
    trimsuffix(file_name, ".json") => jsondecode(file("${path.module}/event-patterns/${file_name}"))
  }

  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # Bucket names are global: the account id and region keep them unique.
  bucket_suffix = "${local.account_id}-${var.region}"

  web_origins = concat(["https://${aws_cloudfront_distribution.web.domain_name}"], var.extra_web_origins)

  # The JSON's "webOrigins" placeholder stands for local.web_origins, as it does in local/s3.
  # A bucket without rules (web) gets no CORS configuration at all.
  cors_rules = {
    for role, bucket in local.buckets : role => [
      for rule in bucket.cors : merge(rule, {
        allowedOrigins = flatten([for origin in rule.allowedOrigins : origin == "webOrigins" ? local.web_origins : [origin]])
      })
    ] if role != "$comment" && length(bucket.cors) > 0
  }
}
