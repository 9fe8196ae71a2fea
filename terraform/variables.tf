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
  description = "Largest upload the presigned POST allows (MAX_UPLOAD_BYTES)."
  type        = number
  default     = 100000000
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
