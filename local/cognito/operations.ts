import { randomUUID } from 'node:crypto';
import { initiateAuth, respondToAuthChallenge } from './auth-flows';
import { checkClient, checkPool, hidesUnknownUsers, requireString, userOrFail } from './context';
import type { OperationContext, RequestBody } from './context';
import { maskedDestination, redeemCode, sendCode } from './emailed-codes';
import { CognitoError } from './errors';
import { assertPasswordPolicy } from './password-policy';
import { computeSrpVerifier, passwordMatchesVerifier, srpPoolName } from './srp';
import type { UserRecord } from './store';
import { userOfAccessToken } from './tokens';

export type { OperationContext } from './context';

type Operation = (body: RequestBody, context: OperationContext) => Promise<unknown>;

function attributesOf(user: UserRecord) {
  return [
    { Name: 'sub', Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
}

function confirm(user: UserRecord, { verifyEmail }: { verifyEmail: boolean }): void {
  user.status = 'CONFIRMED';
  // A code sent to the address proves it; AdminConfirmSignUp confirms the user but not the email.
  if (verifyEmail) user.attributes.email_verified = 'true';
  user.updatedAt = new Date().toISOString();
}

/** Checks the new password against the pool's policy and keeps only its SRP verifier. */
/** The user a code is for; an unknown one looks like a wrong code where the pool hides users. */
function userForCode(username: string, context: OperationContext): UserRecord {
  const user = context.store.findUser(username);
  if (user) return user;
  if (hidesUnknownUsers(context))
    throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  throw new CognitoError('UserNotFoundException', 'User does not exist.');
}

function setPassword(user: UserRecord, password: string, context: OperationContext): void {
  assertPasswordPolicy(password, context.settings.passwordPolicy);
  user.srp = computeSrpVerifier(srpPoolName(context.store.state.userPoolId), user.username, password);
  user.passwordHash = undefined;
  user.updatedAt = new Date().toISOString();
}

/** Public operations: no AWS credentials, like Cognito's (the app client id, a code or a token is the proof). */
export const publicOperations: Record<string, Operation> = {
  async SignUp(body, context) {
    checkClient(body, context);
    const username = requireString(body, 'Username');
    const password = requireString(body, 'Password');
    if (context.store.findUser(username))
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    assertPasswordPolicy(password, context.settings.passwordPolicy);
    const attributes: Record<string, string> = {};
    for (const attribute of (body.UserAttributes as Array<{ Name: string; Value: string }> | undefined) ?? [])
      attributes[attribute.Name] = attribute.Value;
    // The pool signs people in by email (username attributes = email): the email is the username.
    if (!attributes.email) {
      if (!username.includes('@')) throw new CognitoError('InvalidParameterException', 'Username should be an email.');
      attributes.email = username;
    }
    attributes.email_verified = 'false';
    const now = new Date().toISOString();
    const sub = randomUUID();
    const user: UserRecord = { sub, username: sub, attributes, status: 'UNCONFIRMED', createdAt: now, updatedAt: now };
    setPassword(user, password, context);
    context.store.state.users[sub] = user;
    let delivery;
    if (context.autoConfirm) confirm(user, { verifyEmail: true });
    else delivery = sendCode(user, 'confirmation', context);
    context.store.save();
    return {
      UserConfirmed: user.status === 'CONFIRMED',
      UserSub: sub,
      ...(delivery ? { CodeDeliveryDetails: delivery } : {}),
    };
  },

  async ConfirmSignUp(body, context) {
    checkClient(body, context);
    const username = requireString(body, 'Username');
    const code = requireString(body, 'ConfirmationCode');
    const user = userForCode(username, context);
    if (user.status === 'CONFIRMED')
      throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    redeemCode(user, 'confirmation', code, context.now());
    confirm(user, { verifyEmail: true });
    context.store.save();
    return {};
  },

  async ResendConfirmationCode(body, context) {
    checkClient(body, context);
    const username = requireString(body, 'Username');
    const user = context.store.findUser(username);
    if (!user) {
      // As for ForgotPassword: a code "went out", so the form cannot tell who has an account.
      if (hidesUnknownUsers(context)) return { CodeDeliveryDetails: maskedDestination(username) };
      throw new CognitoError('UserNotFoundException', 'User does not exist.');
    }
    if (user.status === 'CONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    const delivery = sendCode(user, 'confirmation', context);
    context.store.save();
    return { CodeDeliveryDetails: delivery };
  },

  InitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,

  async ForgotPassword(body, context) {
    checkClient(body, context);
    const username = requireString(body, 'Username');
    const user = context.store.findUser(username);
    if (!user) {
      // Cognito then pretends a code went out, so the form cannot tell who has an account.
      if (hidesUnknownUsers(context)) return { CodeDeliveryDetails: maskedDestination(username) };
      throw new CognitoError('UserNotFoundException', 'User does not exist.');
    }
    // The pool recovers accounts by verified email only (account_recovery_setting).
    if (user.attributes.email_verified !== 'true') {
      throw new CognitoError(
        'InvalidParameterException',
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    const delivery = sendCode(user, 'passwordReset', context);
    context.store.save();
    return { CodeDeliveryDetails: delivery };
  },

  async ConfirmForgotPassword(body, context) {
    checkClient(body, context);
    const username = requireString(body, 'Username');
    const code = requireString(body, 'ConfirmationCode');
    const password = requireString(body, 'Password');
    const user = userForCode(username, context);
    assertPasswordPolicy(password, context.settings.passwordPolicy);
    redeemCode(user, 'passwordReset', code, context.now());
    setPassword(user, password, context);
    context.store.save();
    return {};
  },

  async ChangePassword(body, context) {
    const user = await userOfAccessToken(context.store, context.region, requireString(body, 'AccessToken'));
    const previous = requireString(body, 'PreviousPassword');
    const proposed = requireString(body, 'ProposedPassword');
    if (
      !user.srp ||
      !passwordMatchesVerifier(srpPoolName(context.store.state.userPoolId), user.username, previous, user.srp)
    ) {
      throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
    }
    setPassword(user, proposed, context);
    context.store.save();
    return {};
  },

  async GetUser(body, context) {
    const user = await userOfAccessToken(context.store, context.region, requireString(body, 'AccessToken'));
    return { Username: user.username, UserAttributes: attributesOf(user) };
  },

  async GlobalSignOut(body, context) {
    const user = await userOfAccessToken(context.store, context.region, requireString(body, 'AccessToken'));
    for (const [token, record] of Object.entries(context.store.state.refreshTokens)) {
      if (record.sub === user.sub) delete context.store.state.refreshTokens[token];
    }
    context.store.state.signedOutAt[user.sub] = Math.floor(context.now() / 1000);
    context.store.save();
    return {};
  },

  async RevokeToken(body, context) {
    checkClient(body, context);
    delete context.store.state.refreshTokens[requireString(body, 'Token')];
    context.store.save();
    return {};
  },
};

/** Operations Cognito authorizes with IAM: the request must be signed (SigV4) with the local credentials. */
export const iamOperations: Record<string, Operation> = {
  async AdminConfirmSignUp(body, context) {
    checkPool(body, context);
    confirm(userOrFail(context.store, requireString(body, 'Username')), { verifyEmail: false });
    context.store.save();
    return {};
  },

  async AdminGetUser(body, context) {
    checkPool(body, context);
    const user = userOrFail(context.store, requireString(body, 'Username'));
    return {
      Username: user.username,
      UserAttributes: attributesOf(user),
      UserStatus: user.srp ? user.status : 'RESET_REQUIRED',
      Enabled: true,
      UserCreateDate: Date.parse(user.createdAt) / 1000,
      UserLastModifiedDate: Date.parse(user.updatedAt) / 1000,
    };
  },

  async AdminDeleteUser(body, context) {
    checkPool(body, context);
    const user = userOrFail(context.store, requireString(body, 'Username'));
    delete context.store.state.users[user.sub];
    context.store.save();
    return {};
  },

  async DescribeUserPoolClient(body, context) {
    checkPool(body, context);
    checkClient(body, context);
    const { appClient } = context.settings;
    return {
      UserPoolClient: {
        UserPoolId: context.store.state.userPoolId,
        ClientId: context.store.state.userPoolClientId,
        ClientName: 'web',
        ExplicitAuthFlows: appClient.explicitAuthFlows,
        PreventUserExistenceErrors: appClient.preventUserExistenceErrors,
        EnableTokenRevocation: appClient.enableTokenRevocation,
        AuthSessionValidity: appClient.authSessionValidityMinutes,
        AccessTokenValidity: appClient.tokenValidity.accessToken.value,
        IdTokenValidity: appClient.tokenValidity.idToken.value,
        RefreshTokenValidity: appClient.tokenValidity.refreshToken.value,
        TokenValidityUnits: {
          AccessToken: appClient.tokenValidity.accessToken.unit,
          IdToken: appClient.tokenValidity.idToken.unit,
          RefreshToken: appClient.tokenValidity.refreshToken.unit,
        },
      },
    };
  },
};
