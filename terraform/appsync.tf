# The GraphQL API: schema.graphql, and data sources, pipeline functions and resolvers from
# resolvers/manifest.json (the wiring local/appsync reads too), running the bundles `npm run build`
# writes to build/resolvers/ (APPSYNC_JS 1.0.0).
locals {
  appsync_runtime = { name = "APPSYNC_JS", runtime_version = "1.0.0" }
  # build/<code path without .ts>.js, as scripts/build.ts writes it.
  resolver_code = {
    for code in distinct(concat([for f in local.manifest.functions : f.code], [for r in local.manifest.resolvers : r.code])) :
    code => "${path.module}/../build/${trimsuffix(code, ".ts")}.js"
  }
  # The manifest names tables by their definition's TableName and Lambdas by their folder.
  appsync_tables    = { (local.table_definition.TableName) = aws_dynamodb_table.videos }
  appsync_functions = { for name, fn in aws_lambda_function.handler : name => fn }
}

resource "aws_appsync_graphql_api" "api" {
  name                = var.name_prefix
  authentication_type = "AMAZON_COGNITO_USER_POOLS"
  schema              = file("${path.module}/../schema.graphql")

  # What one request may cost, whoever sends it (the public API key included); the local AppSync
  # enforces the same settings (local/appsync/api-limits.ts).
  query_depth_limit    = var.api_query_depth_limit
  resolver_count_limit = var.api_resolver_count_limit
  introspection_config = var.api_introspection

  user_pool_config {
    user_pool_id   = aws_cognito_user_pool.users.id
    aws_region     = var.region
    default_action = "ALLOW"
  }

  # The public feed and DONE videos for anyone.
  additional_authentication_provider {
    authentication_type = "API_KEY"
  }

  # publishVideoStatus, signed by the pipeline's Lambdas.
  additional_authentication_provider {
    authentication_type = "AWS_IAM"
  }

  log_config {
    cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn
    field_log_level          = "ERROR"
    exclude_verbose_content  = true
  }
}

# AppSync writes to /aws/appsync/apis/<api id>. Terraform creates that group (with a retention)
# right after the API, and the logging role may write to that group only, never create one.
resource "aws_cloudwatch_log_group" "appsync" {
  name              = "/aws/appsync/apis/${aws_appsync_graphql_api.api.id}"
  retention_in_days = var.log_retention_days
}

resource "aws_appsync_api_key" "public" {
  api_id      = aws_appsync_graphql_api.api.id
  description = "Public feed and DONE videos"
  # AppSync keys live at most 365 days. The date is fixed at creation (ignore_changes); rotate with
  # terraform apply -replace=aws_appsync_api_key.public
  expires = timeadd(formatdate("YYYY-MM-DD'T'hh:00:00Z", plantimestamp()), "8736h")

  lifecycle {
    ignore_changes = [expires]
  }
}

resource "aws_appsync_datasource" "source" {
  for_each = local.manifest.dataSources

  api_id           = aws_appsync_graphql_api.api.id
  name             = each.key
  type             = each.value.type
  service_role_arn = each.value.type == "NONE" ? null : aws_iam_role.appsync_datasource[each.key].arn

  dynamic "dynamodb_config" {
    for_each = each.value.type == "AMAZON_DYNAMODB" ? [local.appsync_tables[each.value.table]] : []
    content {
      table_name = dynamodb_config.value.name
    }
  }

  dynamic "lambda_config" {
    for_each = each.value.type == "AWS_LAMBDA" ? [local.appsync_functions[each.value.function]] : []
    content {
      function_arn = lambda_config.value.arn
    }
  }
}

resource "aws_appsync_function" "function" {
  for_each = local.manifest.functions

  api_id      = aws_appsync_graphql_api.api.id
  name        = each.key
  data_source = aws_appsync_datasource.source[each.value.dataSource].name
  code        = file(local.resolver_code[each.value.code])

  runtime {
    name            = local.appsync_runtime.name
    runtime_version = local.appsync_runtime.runtime_version
  }
}

resource "aws_appsync_resolver" "resolver" {
  for_each = local.manifest.resolvers

  api_id      = aws_appsync_graphql_api.api.id
  type        = split(".", each.key)[0]
  field       = split(".", each.key)[1]
  kind        = each.value.kind
  data_source = each.value.kind == "UNIT" ? aws_appsync_datasource.source[each.value.dataSource].name : null
  code        = file(local.resolver_code[each.value.code])

  runtime {
    name            = local.appsync_runtime.name
    runtime_version = local.appsync_runtime.runtime_version
  }

  dynamic "pipeline_config" {
    for_each = each.value.kind == "PIPELINE" ? [each.value.functions] : []
    content {
      functions = [for name in pipeline_config.value : aws_appsync_function.function[name].function_id]
    }
  }
}
