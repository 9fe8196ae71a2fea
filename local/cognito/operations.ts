import { randomInt, randomUUID } from 'node:crypto';
import { CognitoError } from './errors';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password';
import type { PoolStore, UserRecord } from './store';
import { issueTokens, userOfAccessToken } from './tokens';

export interface OperationContext {
  store: PoolStore;
  region: string;
  autoConfirm: boolean;
  log: (line: string) => void;
}

type Body = Record<string, unknown>;
type Operation = (body: Body, context: OperationContext) => Promise<unknown>;

const CODE_LIFETIME_MS = 24 * 3600 * 1000;

function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new CognitoError('InvalidParameterException', `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function checkClient(body: Body, { store }: OperationContext): void {
  if (body.ClientId !== store.state.userPoolClientId) throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.');
}

function checkPool(body: Body, { store }: OperationContext): void {
  if (body.UserPoolId !== store.state.userPoolId) throw new CognitoError('ResourceNotFoundException', 'User pool does not exist.');
}

function userOrFail(store: PoolStore, username: string): UserRecord {
  const user = store.findUser(username);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return user;
}

function attributesOf(user: UserRecord) {
  return [{ Name: 'sub', Value: user.sub }, ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }))];
}

function sendCode(user: UserRecord, context: OperationContext): { Destination: string; DeliveryMedium: 'EMAIL'; AttributeName: 'email' } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  user.confirmationCode = { code, expiresAt: Date.now() + CODE_LIFETIME_MS };
  // No mail leaves this machine: the code goes to the log for the developer to copy.
  context.log(`cognito: confirmation code for ${user.attributes.email ?? user.username}: ${code}`);
  const email = user.attributes.email ?? user.username;
  return { Destination: email.replace(/^(.).*(@.*)$/, '$1***$2'), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}

function confirmWithCode(user: UserRecord, code: string): void {
  if (!user.confirmationCode || user.confirmationCode.code !== code) {
    throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
  if (user.confirmationCode.expiresAt < Date.now()) throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  user.confirmationCode = undefined;
}

function confirm(user: UserRecord): void {
  user.status = 'CONFIRMED';
  user.attributes.email_verified = 'true';
  user.updatedAt = new Date().toISOString();
}

function passwordSignIn(user: UserRecord | undefined, password: string): UserRecord {
  if (!user || !verifyPassword(password, user.passwordHash)) throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
  if (user.status !== 'CONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  return user;
}

export const operations: Record<string, Operation> = {
  async SignUp(body, context) {
    checkClient(body, context);
    const username = requireString(body, 'Username');
    const password = requireString(body, 'Password');
    if (context.store.findUser(username)) throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    assertPasswordPolicy(password);
    const attributes: Record<string, string> = {};
    for (const attribute of (body.UserAttributes as Array<{ Name: string; Value: string }> | undefined) ?? []) attributes[attribute.Name] = attribute.Value;
    // The pool signs people in by email (username attributes = email): the email is the username.
    if (!attributes.email) {
      if (!username.includes('@')) throw new CognitoError('InvalidParameterException', 'Username should be an email.');
      attributes.email = username;
    }
    attributes.email_verified = 'false';
    const now = new Date().toISOString();
    const sub = randomUUID();
    const user: UserRecord = { sub, username: sub, passwordHash: hashPassword(password), attributes, status: 'UNCONFIRMED', createdAt: now, updatedAt: now };
    context.store.state.users[sub] = user;
    let delivery;
    if (context.autoConfirm) confirm(user);
    else delivery = sendCode(user, context);
    context.store.save();
    return { UserConfirmed: user.status === 'CONFIRMED', UserSub: sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
  },

  async ConfirmSignUp(body, context) {
    checkClient(body, context);
    const user = userOrFail(context.store, requireString(body, 'Username'));
    if (user.status === 'CONFIRMED') throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    confirmWithCode(user, requireString(body, 'ConfirmationCode'));
    confirm(user);
    context.store.save();
    return {};
  },

  async ResendConfirmationCode(body, context) {
    checkClient(body, context);
    const user = userOrFail(context.store, requireString(body, 'Username'));
    if (user.status === 'CONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    const delivery = sendCode(user, context);
    context.store.save();
    return { CodeDeliveryDetails: delivery };
  },

  async InitiateAuth(body, context) {
    checkClient(body, context);
    const flow = body.AuthFlow;
    const parameters = (body.AuthParameters ?? {}) as Record<string, string>;
    if (flow === 'USER_PASSWORD_AUTH') {
      const user = passwordSignIn(context.store.findUser(parameters.USERNAME ?? ''), parameters.PASSWORD ?? '');
      const tokens = await issueTokens(context.store, context.region, user, { withRefresh: true });
      context.store.save();
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      const record = context.store.state.refreshTokens[parameters.REFRESH_TOKEN ?? ''];
      const user = record && Object.values(context.store.state.users).find((candidate) => candidate.sub === record.sub);
      if (!record || !user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
      return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(context.store, context.region, user, { withRefresh: false }) };
    }
    throw new CognitoError('InvalidParameterException', `The local user pool does not support AuthFlow ${String(flow)}; use USER_PASSWORD_AUTH.`);
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
    context.store.state.signedOutAt[user.sub] = Math.floor(Date.now() / 1000);
    context.store.save();
    return {};
  },

  async RevokeToken(body, context) {
    checkClient(body, context);
    delete context.store.state.refreshTokens[requireString(body, 'Token')];
    context.store.save();
    return {};
  },

  async AdminConfirmSignUp(body, context) {
    checkPool(body, context);
    confirm(userOrFail(context.store, requireString(body, 'Username')));
    context.store.save();
    return {};
  },

  async AdminGetUser(body, context) {
    checkPool(body, context);
    const user = userOrFail(context.store, requireString(body, 'Username'));
    return {
      Username: user.username,
      UserAttributes: attributesOf(user),
      UserStatus: user.status,
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
    return {
      UserPoolClient: {
        UserPoolId: context.store.state.userPoolId,
        ClientId: context.store.state.userPoolClientId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    };
  },
};
