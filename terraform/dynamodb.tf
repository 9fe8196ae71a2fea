# The `videos` table from terraform/videos-table.json (the definition local/dynamodb creates too):
# on-demand billing, point-in-time recovery, and TTL on the usage counters' expiresAt (the local
# DynamoDB has no TTL: its expired counters stay, unread, as AWS's may for some days).
locals {
  table_key = { for key in local.table_definition.KeySchema : key.KeyType => key.AttributeName }
}

resource "aws_dynamodb_table" "videos" {
  name                        = "${var.name_prefix}-${local.table_definition.TableName}"
  billing_mode                = local.table_definition.BillingMode
  hash_key                    = local.table_key["HASH"]
  range_key                   = lookup(local.table_key, "RANGE", null)
  deletion_protection_enabled = var.protect_data

  dynamic "attribute" {
    for_each = local.table_definition.AttributeDefinitions
    content {
      name = attribute.value.AttributeName
      type = attribute.value.AttributeType
    }
  }

  dynamic "global_secondary_index" {
    for_each = local.table_definition.GlobalSecondaryIndexes
    iterator = index
    content {
      name            = index.value.IndexName
      hash_key        = one([for key in index.value.KeySchema : key.AttributeName if key.KeyType == "HASH"])
      range_key       = one([for key in index.value.KeySchema : key.AttributeName if key.KeyType == "RANGE"])
      projection_type = index.value.Projection.ProjectionType
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  ttl {
    attribute_name = local.table_definition.TimeToLiveSpecification.AttributeName
    enabled        = local.table_definition.TimeToLiveSpecification.Enabled
  }

  # Encrypted at rest with DynamoDB's AWS-owned key (no server_side_encryption block): free, and no
  # KMS grants for the roles that read the table.
}
