# Users sign up with their email address, confirm it with an emailed code, and sign in from the web
# client (a public client: no secret).
resource "aws_cognito_user_pool" "users" {
  name                     = "${var.name_prefix}-users"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = var.protect_data ? "ACTIVE" : "INACTIVE"

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 3
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

# The client's sign-up form sends preferred_username (the resolvers show it as the uploader's name,
# never the email): a standard attribute, so it needs no schema block, and with no write_attributes
# list the client may set it. The Amplify Authenticator signs in with SRP (config.json's
# authFlowType) and keeps the session with refresh tokens: both flows are allowed below.
resource "aws_cognito_user_pool_client" "web" {
  name            = "${var.name_prefix}-web"
  user_pool_id    = aws_cognito_user_pool.users.id
  generate_secret = false
  # SRP is Amplify's default; USER_PASSWORD_AUTH is the flow the local pool implements, so the same
  # client code signs in against both homes.
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  access_token_validity         = 60
  id_token_validity             = 60
  refresh_token_validity        = 30

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}
