# The web client: `npm run build` writes Vite's output to build/client/ and `terraform apply` uploads
# it to the web bucket, one object per file, with the content types and caching web-files.json
# gives (the dev server reads the same file): Vite's content-hashed assets/* are cached for a year,
# index.html and the rest are revalidated on every load, so a new deploy shows at once.
# config.json is never taken from the build: aws_s3_object.web_config writes it from the outputs.
locals {
  web_files        = jsondecode(file("${path.module}/web-files.json"))
  client_build_dir = "${path.module}/../build/client"
  client_files     = setsubtract(fileset(local.client_build_dir, "**"), ["config.json"])
}

resource "aws_s3_object" "web_client" {
  for_each = local.client_files

  bucket        = aws_s3_bucket.web.id
  key           = each.value
  source        = "${local.client_build_dir}/${each.value}"
  etag          = filemd5("${local.client_build_dir}/${each.value}")
  content_type  = lookup(local.web_files.contentTypes, lower(element(reverse(split(".", each.value)), 0)), "application/octet-stream")
  cache_control = startswith(each.value, local.web_files.cacheControl.immutableDir) ? local.web_files.cacheControl.immutable : local.web_files.cacheControl.other
}

# The client reads its endpoints from /config.json (the dev server serves the same keys locally).
resource "aws_s3_object" "web_config" {
  bucket        = aws_s3_bucket.web.id
  key           = "config.json"
  content       = jsonencode(local.client_config)
  content_type  = "application/json"
  cache_control = "no-cache"

  lifecycle {
    # fileset() of a missing build is empty, so without this apply would publish a site with no page.
    precondition {
      condition     = fileexists("${local.client_build_dir}/index.html")
      error_message = "The web client is not built: run npm run build (it writes build/client/) before terraform apply."
    }
  }
}
