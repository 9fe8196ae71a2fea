locals {
  # What the client needs (common/client-config.ts), the same keys the dev server's web
  # app serves as /config.json (which adds userPoolEndpoint, where the local pool is, and
  # codesInServerLog, since that pool prints its codes instead of emailing them). The sign-up
  # form states the password policy of cognito.json.
  client_config = {
    region                  = var.region
    graphqlUrl              = local.appsync_graphql_url
    realtimeUrl             = aws_appsync_graphql_api.api.uris["REALTIME"]
    apiKey                  = aws_appsync_api_key.public.key
    userPoolId              = aws_cognito_user_pool.users.id
    userPoolClientId        = aws_cognito_user_pool_client.web.id
    passwordPolicy          = local.cognito.passwordPolicy
    playbackBaseUrl         = local.playback_base_url
    maxUploadBytes          = var.max_upload_bytes
    maxMultipartUploadBytes = var.max_multipart_upload_bytes
  }
}

output "graphql_url" {
  value = local.appsync_graphql_url
}

output "realtime_url" {
  value = aws_appsync_graphql_api.api.uris["REALTIME"]
}

output "api_key" {
  description = "The public API key (the web client ships it in config.json)."
  value       = aws_appsync_api_key.public.key
  sensitive   = true
}

output "user_pool_id" {
  value = aws_cognito_user_pool.users.id
}

output "user_pool_client_id" {
  value = aws_cognito_user_pool_client.web.id
}

output "raw_bucket" {
  value = aws_s3_bucket.raw.bucket
}

output "playback_bucket" {
  value = aws_s3_bucket.playback.bucket
}

output "web_bucket" {
  value = aws_s3_bucket.web.bucket
}

output "playback_base_url" {
  value = local.playback_base_url
}

output "web_url" {
  value = "https://${aws_cloudfront_distribution.web.domain_name}"
}

output "table_name" {
  value = aws_dynamodb_table.videos.name
}

output "client_config" {
  description = "The web client's config.json (also uploaded to the web bucket)."
  value       = local.client_config
  sensitive   = true
}
