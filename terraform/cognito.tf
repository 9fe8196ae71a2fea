# Users sign up with their email address, confirm it with an emailed code, and sign in from the web
# client (a public client: no secret). The password policy, sign-in flows and token lifetimes are in
# cognito.json, which the local user pool reads too.
locals {
  cognito = jsondecode(file("${path.module}/cognito.json"))
}

resource "aws_cognito_user_pool" "users" {
  name                     = "${var.name_prefix}-users"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = var.protect_data ? "ACTIVE" : "INACTIVE"

  password_policy {
    minimum_length                   = local.cognito.passwordPolicy.minimumLength
    require_lowercase                = local.cognito.passwordPolicy.requireLowercase
    require_uppercase                = local.cognito.passwordPolicy.requireUppercase
    require_numbers                  = local.cognito.passwordPolicy.requireNumbers
    require_symbols                  = local.cognito.passwordPolicy.requireSymbols
    temporary_password_validity_days = local.cognito.passwordPolicy.temporaryPasswordValidityDays
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
    email_subject        = "Your videopipe verification code"
    email_message        = "Your videopipe verification code is {####}."
  }

  # Cognito's own mailer: 50 emails a day, enough to try the product; use SES for more.
  email_configuration {
    email_sending_account = "COGNITO_DEFAULT"
  }

  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }
}

# The client's sign-up form sends preferred_username (the resolvers show it as the uploader's chosen
# name, never the email): a standard attribute, so it needs no schema block, and with no
# write_attributes list the client may set it. It is not unique: alias_attributes, which would make
# it so, cannot be combined with username_attributes, so the feed shows a tag from the sub beside it. The Amplify Authenticator signs in with SRP (its default, in both
# homes) and keeps the session with refresh tokens: cognito.json allows those two flows and no other.
resource "aws_cognito_user_pool_client" "web" {
  name                          = "${var.name_prefix}-web"
  user_pool_id                  = aws_cognito_user_pool.users.id
  generate_secret               = false
  explicit_auth_flows           = local.cognito.appClient.explicitAuthFlows
  prevent_user_existence_errors = local.cognito.appClient.preventUserExistenceErrors
  enable_token_revocation       = local.cognito.appClient.enableTokenRevocation
  auth_session_validity         = local.cognito.appClient.authSessionValidityMinutes
  access_token_validity         = local.cognito.appClient.tokenValidity.accessToken.value
  id_token_validity             = local.cognito.appClient.tokenValidity.idToken.value
  refresh_token_validity        = local.cognito.appClient.tokenValidity.refreshToken.value

  token_validity_units {
    access_token  = local.cognito.appClient.tokenValidity.accessToken.unit
    id_token      = local.cognito.appClient.tokenValidity.idToken.unit
    refresh_token = local.cognito.appClient.tokenValidity.refreshToken.unit
  }
}
