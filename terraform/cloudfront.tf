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

resource "aws_cloudfront_distribution" "web" {
  enabled             = true
  comment             = "${var.name_prefix} web client"
  is_ipv6_enabled     = true
  price_class         = "PriceClass_100"
  default_root_object = "index.html"

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
  }

  # A single-page app: unknown paths get index.html (a private bucket answers 403 for them).
  custom_error_response {
    error_code         = 403
    response_code      = 200
    response_page_path = "/index.html"
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
