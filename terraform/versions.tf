# Provider versions are pinned exactly: scripts/terraform/provider-schemas.json.gz, which the offline
# checker (npm run check:terraform) validates against, was extracted from these versions.
terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.66.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "2.7.1"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project = var.name_prefix
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}
