# Playback: CloudFront in front of a private bucket with origin access control, rather than a
# public-read bucket (docs/terraform.md, "Why CloudFront for playback"). The local S3 serves the
# playback bucket publicly; on AWS the same URLs-from-a-base come from CloudFront instead:
# PLAYBACK_BASE_URL is the distribution's address.
data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

# Forwards Origin and the CORS request headers, so S3 answers with the playback bucket's CORS rules.
data "aws_cloudfront_origin_request_policy" "cors_s3_origin" {
  name = "Managed-CORS-S3Origin"
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
    target_origin_id         = "playback"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS"]
    cached_methods           = ["GET", "HEAD", "OPTIONS"]
    compress                 = true
    cache_policy_id          = data.aws_cloudfront_cache_policy.caching_optimized.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.cors_s3_origin.id
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
