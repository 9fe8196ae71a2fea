variable "region" {
  description = "AWS region for every resource (MediaConvert, AppSync and Cognito must all be offered there)."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name; change it to deploy a second copy into the same account."
  type        = string
  default     = "videopipe"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 lowercase letters, digits or dashes, starting with a letter (it goes into bucket names)."
  }
}

variable "extra_web_origins" {
  description = "Origins besides the web CloudFront distribution that may POST uploads to the raw bucket, e.g. [\"http://localhost:5173\"]."
  type        = list(string)
  default     = []
}

variable "max_upload_bytes" {
  description = "Largest upload the presigned POST allows (MAX_UPLOAD_BYTES): larger files go by a multipart upload, up to max_multipart_upload_bytes. Default 100 MB (100000000). The local cloud: VIDEOPIPE_MAX_UPLOAD_BYTES."
  type        = number
  default     = 100000000
}

variable "max_multipart_upload_bytes" {
  description = "Largest upload a multipart upload allows (MAX_MULTIPART_UPLOAD_BYTES), for files over max_upload_bytes. Default 5 GiB (5368709120): the largest object one CopyObject copies (process-upload freezes each upload by copying it to accepted/), and room for the longest source accepted (max_source_seconds, 30 minutes) of a phone's 4K HEVC at about 22 Mbit/s. No more than 5 GiB: larger objects would need UploadPartCopy. The local cloud: VIDEOPIPE_MAX_MULTIPART_UPLOAD_BYTES."
  type        = number
  default     = 5368709120

  validation {
    condition     = var.max_multipart_upload_bytes >= 1 && var.max_multipart_upload_bytes <= 5368709120 && floor(var.max_multipart_upload_bytes) == var.max_multipart_upload_bytes
    error_message = "max_multipart_upload_bytes must be a whole number of bytes from 1 to 5368709120 (5 GiB, the largest object one CopyObject copies)."
  }
}

variable "status_update_interval_seconds" {
  description = "MediaConvert STATUS_UPDATE interval (10, 12, 15, 20, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540 or 600)."
  type        = number
  default     = 10
}

variable "log_retention_days" {
  description = "Retention of the Lambda and AppSync log groups."
  type        = number
  default     = 14
}

variable "protect_data" {
  description = "Deletion protection on the table and user pool, and keep buckets that still hold objects. Set false before terraform destroy of a throwaway stack."
  type        = bool
  default     = false
}

variable "api_query_depth_limit" {
  description = "Deepest field a GraphQL query may reach, scalar leaves counted (AppSync query_depth_limit: 1-75, 0 = none). Default 8: the deepest query the schema allows is 4 levels (listMyVideos > items > renditions > width), so 8 leaves room to grow, while introspection, whose types nest without end, cannot multiply into millions of fields. The standard introspection query needs 15. The local cloud: VIDEOPIPE_APPSYNC_QUERY_DEPTH_LIMIT."
  type        = number
  default     = 8

  validation {
    condition     = var.api_query_depth_limit >= 0 && var.api_query_depth_limit <= 75 && floor(var.api_query_depth_limit) == var.api_query_depth_limit
    error_message = "api_query_depth_limit must be a whole number from 0 to 75."
  }
}

variable "api_resolver_count_limit" {
  description = "Resolver runs one GraphQL request may make (AppSync resolver_count_limit: 1-10000, 0 = AppSync's 10000). Default 10: every client operation runs one, and 3,000 aliases of listVideos(limit: 100) in one request ran 3,000 DynamoDB queries; the rest fail unrun with ResolverExecutionLimitReached. The local cloud: VIDEOPIPE_APPSYNC_RESOLVER_COUNT_LIMIT."
  type        = number
  default     = 10

  validation {
    condition     = var.api_resolver_count_limit >= 0 && var.api_resolver_count_limit <= 10000 && floor(var.api_resolver_count_limit) == var.api_resolver_count_limit
    error_message = "api_resolver_count_limit must be a whole number from 0 to 10000."
  }
}

variable "api_introspection" {
  description = "GraphQL introspection (AppSync introspection_config). Default DISABLED: the public API key would otherwise publish the whole schema, and the clients are generated from schema.graphql, not by introspecting. ENABLED for a development stack. The local cloud: VIDEOPIPE_APPSYNC_INTROSPECTION."
  type        = string
  default     = "DISABLED"

  validation {
    condition     = contains(["ENABLED", "DISABLED"], var.api_introspection)
    error_message = "api_introspection must be ENABLED or DISABLED."
  }
}

variable "api_waf_enabled" {
  description = "A WAF web ACL in front of the GraphQL API with a per-IP rate rule (api_waf_rate_limit). Default true. Set false to save its cost (about USD 6 a month, plus USD 0.60 per million requests) on a stack nobody else can reach; the query depth and resolver count limits stay."
  type        = bool
  default     = true
}

variable "api_waf_rate_limit" {
  description = "GraphQL requests one IP address may send in 5 minutes before the WAF blocks it until it slows down (WAF rate-based rule: 10 or more). Default 1000, about 3 a second: a person browsing sends one every few seconds, and a few dozen behind one NAT stay under it. With api_resolver_count_limit it caps what one address can make the API run. SigV4-signed calls (the pipeline's Lambdas) are not counted."
  type        = number
  default     = 1000

  validation {
    condition     = var.api_waf_rate_limit >= 10 && floor(var.api_waf_rate_limit) == var.api_waf_rate_limit
    error_message = "api_waf_rate_limit must be a whole number of at least 10 (WAF's minimum)."
  }
}

# --- What one user may make the pipeline do (issue 14). Defaults equal the local cloud's
# (common/constants/pipeline-limits.ts; test/unit/terraform/lambdas.test.ts holds them together).

variable "max_source_seconds" {
  description = "Longest source video accepted, in seconds (process-upload refuses longer ones with a sentence, before any job). Default 1800 (30 min): the product hosts short videos, and a 30-minute source at the full five-rung ladder is 150 MediaConvert output minutes, its job deadline 30 min + 3 s per source second (2 h)."
  type        = number
  default     = 1800

  validation {
    condition     = var.max_source_seconds >= 1
    error_message = "max_source_seconds must be at least 1."
  }
}

variable "max_source_frame_rate" {
  description = "Highest source frame rate accepted, in frames a second. Default 60: phones record 60 at most outside slow motion, and the outputs keep the source's rate (FramerateControl INITIALIZE_FROM_SOURCE), whose higher tiers MediaConvert bills at a higher normalized-minute multiplier."
  type        = number
  default     = 60

  validation {
    condition     = var.max_source_frame_rate >= 1
    error_message = "max_source_frame_rate must be at least 1."
  }
}

variable "max_source_pixels" {
  description = "Largest source frame accepted, in pixels (width x height), besides the 4096-pixel long side. Default 8847360, a DCI 4K frame (4096x2160): the ladder's top rung is 1080p, and a larger frame only costs decoding time."
  type        = number
  default     = 8847360

  validation {
    condition     = var.max_source_pixels >= 1024
    error_message = "max_source_pixels must be at least 1024 (32x32, the smallest frame accepted)."
  }
}

variable "output_minutes_per_user_per_day" {
  description = "MediaConvert output minutes one user's jobs may ask for in a UTC day: each job counts its source's minutes times its renditions (MediaConvert bills per output minute, at least 10 s an output), rounded up. Past it the video ends FAILED with a sentence saying when the count starts again. Default 600: two hours of 1080p sources at the full five-rung ladder, or four of the longest sources accepted."
  type        = number
  default     = 600

  validation {
    condition     = var.output_minutes_per_user_per_day >= 1
    error_message = "output_minutes_per_user_per_day must be at least 1."
  }
}

variable "upload_tickets_per_user_per_minute" {
  description = "Upload tickets (createUploadUrl, startMultipartUpload) one user may get in a UTC minute; past it a LimitExceededError says when to try again. Default 10: a person picks files one at a time, and a script that asks for hundreds a second (each a ULID and a signed POST policy) is stopped at the eleventh."
  type        = number
  default     = 10

  validation {
    condition     = var.upload_tickets_per_user_per_minute >= 1
    error_message = "upload_tickets_per_user_per_minute must be at least 1."
  }
}

variable "processing_videos_per_user" {
  description = "Videos of one user that may be PROCESSING at once: createUploadUrl and startMultipartUpload refuse a ticket at the limit (LimitExceededError), and process-upload fails an upload past it. Default 5: four browser tabs uploading at once still fit, and no one user fills the MediaConvert queue."
  type        = number
  default     = 5

  validation {
    condition     = var.processing_videos_per_user >= 1
    error_message = "processing_videos_per_user must be at least 1."
  }
}

variable "registration_window_minutes" {
  description = "How long an upload waits for createVideo after process-upload accepted it (seconds after the upload), in minutes. No job runs before the registration; past the window the watchdog deletes the upload and its record. Default 30: the web client and the demo register right after the upload, and 30 minutes (twice the ticket's 15) covers a slow client and its retries while an abandoned upload is gone well before the raw bucket's one-day lifecycle rule."
  type        = number
  default     = 30

  validation {
    condition     = var.registration_window_minutes >= 1
    error_message = "registration_window_minutes must be at least 1."
  }
}
