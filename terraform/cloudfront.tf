# Playback: CloudFront in front of a private bucket with origin access control, rather than a
# public-read bucket (docs/terraform.md, "Why CloudFront for playback"). PLAYBACK_BASE_URL is the
# distribution's address; locally it is local/cloudfront's playback distribution, in front of the
# local S3's playback bucket, with the same response headers policy.
data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

# Forwards Origin and the CORS request headers, so S3 answers preflights from the playback bucket's
# CORS rules (buckets.json).
data "aws_cloudfront_origin_request_policy" "cors_s3_origin" {
  name = "Managed-CORS-S3Origin"
}

# CORS on every playback response to a page, from response-headers-policies.json (local/cloudfront
# applies the same table). CachingOptimized does not key on Origin, so without it a segment cached
# after a request with no Origin (a native HLS player) reached hls.js without
# Access-Control-Allow-Origin for as long as it stayed cached. A policy is applied to each response
# CloudFront sends, cached or not, and origin_override puts its headers in place of S3's.
locals {
  playback_cors = jsondecode(file("${path.module}/response-headers-policies.json")).playback.cors
}

resource "aws_cloudfront_response_headers_policy" "playback" {
  name    = "${var.name_prefix}-playback-cors"
  comment = "CORS headers on every playback response to a CORS request, cached or not"

  cors_config {
    access_control_allow_credentials = local.playback_cors.allowCredentials
    access_control_max_age_sec       = local.playback_cors.maxAgeSeconds
    origin_override                  = local.playback_cors.originOverride

    access_control_allow_origins {
      items = local.playback_cors.allowOrigins
    }
    access_control_allow_methods {
      items = local.playback_cors.allowMethods
    }
    access_control_allow_headers {
      items = local.playback_cors.allowHeaders
    }
    access_control_expose_headers {
      items = local.playback_cors.exposeHeaders
    }
  }
}

# nosniff, a Referrer-Policy, frame-ancestors SAMEORIGIN and HSTS on the web client's responses: the
# headers the dev server's web app sends locally (local/web/web-server.ts).
data "aws_cloudfront_response_headers_policy" "security_headers" {
  name = "Managed-SecurityHeadersPolicy"
}

resource "aws_cloudfront_origin_access_control" "s3" {
  for_each = toset(["playback", "web"])

  name                              = "${var.name_prefix}-${each.key}"
  description                       = "CloudFront reads the ${each.key} bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "playback" {
  enabled         = true
  comment         = "${var.name_prefix} playback (HLS)"
  is_ipv6_enabled = true
  price_class     = "PriceClass_100"

  origin {
    origin_id                = "playback"
    domain_name              = aws_s3_bucket.playback.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3["playback"].id
  }

  default_cache_behavior {
    target_origin_id           = "playback"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD", "OPTIONS"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.cors_s3_origin.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.playback.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# The web client's routing: paths without a file extension (the app's routes) get /index.html, all
# else goes to the bucket unchanged, so a missing asset or config.json is a 404, never the app's
# HTML. The local web app runs this same file (local/web, local/cloudfront).
resource "aws_cloudfront_function" "spa_routing" {
  name    = "${var.name_prefix}-spa-routing"
  runtime = "cloudfront-js-2.0"
  comment = "Sends the web client's routes (paths without an extension) to /index.html"
  publish = true
  code    = file("${path.module}/cloudfront-functions/spa-routing.js")
}

resource "aws_cloudfront_distribution" "web" {
  enabled         = true
  comment         = "${var.name_prefix} web client"
  is_ipv6_enabled = true
  price_class     = "PriceClass_100"

  origin {
    origin_id                = "web"
    domain_name              = aws_s3_bucket.web.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3["web"].id
  }

  default_cache_behavior {
    target_origin_id           = "web"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security_headers.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.spa_routing.arn
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
