# A web ACL in front of the GraphQL API: how often one address may call it. Each request is
# already bounded (api_resolver_count_limit, api_query_depth_limit); this bounds how many come.
# Switched off with api_waf_enabled = false, to save its cost.
resource "aws_wafv2_web_acl" "api" {
  count = var.api_waf_enabled ? 1 : 0

  name        = "${var.name_prefix}-api"
  description = "Per-IP request rate of the ${var.name_prefix} GraphQL API"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "requests-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.api_waf_rate_limit
        aggregate_key_type = "IP"

        # The pipeline's Lambdas sign publishVideoStatus with SigV4 from Lambda's shared
        # addresses, one call per status update of every job: they are not held to a person's rate.
        # A forged signature gains nothing: AppSync refuses it before any resolver runs.
        scope_down_statement {
          not_statement {
            statement {
              byte_match_statement {
                search_string         = "AWS4-HMAC-SHA256 "
                positional_constraint = "STARTS_WITH"

                field_to_match {
                  single_header {
                    name = "authorization"
                  }
                }

                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-api-requests-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name_prefix}-api"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "api" {
  count = var.api_waf_enabled ? 1 : 0

  resource_arn = aws_appsync_graphql_api.api.arn
  web_acl_arn  = aws_wafv2_web_acl.api[0].arn
}
