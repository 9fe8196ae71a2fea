import { createHmac } from 'node:crypto';
import { checkClient, hidesUnknownUsers } from './context';
import type { OperationContext, RequestBody } from './context';
import { CognitoError } from './errors';
import { memberText } from '../lib/json-member';
import { isAuthFlowAllowed } from './pool-settings';
import { openSecretBlock, sealSecretBlock } from './secret-block';
import { computeServerEphemeral, isPasswordClaimValid, isValidSrpA, passwordMatchesVerifier, srpPoolName } from './srp';
import type { SrpVerifier } from './srp';
import { formatSrpTimestamp, parseSrpTimestamp, TIMESTAMP_FORMAT_MESSAGE } from './srp-timestamp';
import type { UserRecord } from './store';
import { issueTokens } from './tokens';

// InitiateAuth and RespondToAuthChallenge: USER_SRP_AUTH with its PASSWORD_VERIFIER challenge,
// USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, each only if the app client allows it (cognito.json).

const INCORRECT = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (typeof value !== 'string' || value === '')
    throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}

/** A user who may sign in: known, with a password the pool can check, confirmed. */
function assertCanSignIn(user: UserRecord): SrpVerifier {
  // Stored by an older local pool without an SRP verifier: like Cognito's RESET_REQUIRED status.
  if (!user.srp) throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  if (user.status !== 'CONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  return user.srp;
}

async function signedIn(context: OperationContext, user: UserRecord) {
  const tokens = await issueTokens(context.store, context.region, user, {
    validity: context.settings.appClient.tokenValidity,
    withRefresh: true,
  });
  context.store.save();
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

/**
 * What USER_SRP_AUTH shows for a user that does not exist: as Cognito does, the same salt and a
 * UUID-shaped internal id each time for the same name, so the answer reveals nothing.
 */
function decoyIdentity(context: OperationContext, username: string): { userIdForSrp: string; verifier: SrpVerifier } {
  const digest = createHmac('sha256', context.store.secretBlockKey()).update(username.toLowerCase()).digest('hex');
  const userIdForSrp = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return { userIdForSrp, verifier: { salt: digest.slice(32, 64), verifier: digest } };
}

function startSrp(parameters: Record<string, string>, context: OperationContext) {
  const username = requireParameter(parameters, 'USERNAME');
  const srpA = requireParameter(parameters, 'SRP_A');
  if (!isValidSrpA(srpA)) throw new CognitoError('InvalidParameterException', 'SRP_A is not valid.');
  const user = context.store.findUser(username);
  if (!user && !hidesUnknownUsers(context)) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  const { userIdForSrp, verifier } = user
    ? { userIdForSrp: user.username, verifier: assertCanSignIn(user) }
    : decoyIdentity(context, username);
  const ephemeral = computeServerEphemeral(verifier.verifier);
  const secretBlock = sealSecretBlock(context.store.secretBlockKey(), {
    sub: user?.sub,
    userIdForSrp,
    srpA,
    ephemeral,
    expiresAt: context.now() + context.settings.appClient.authSessionValidityMinutes * 60_000,
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: verifier.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: ephemeral.B,
      USERNAME: userIdForSrp,
      USER_ID_FOR_SRP: userIdForSrp,
    },
  };
}

async function passwordSignIn(parameters: Record<string, string>, context: OperationContext) {
  const user = context.store.findUser(requireParameter(parameters, 'USERNAME'));
  const password = requireParameter(parameters, 'PASSWORD');
  if (!user) {
    if (hidesUnknownUsers(context)) throw INCORRECT();
    throw new CognitoError('UserNotFoundException', 'User does not exist.');
  }
  const verifier = assertCanSignIn(user);
  if (!passwordMatchesVerifier(srpPoolName(context.store.state.userPoolId), user.username, password, verifier))
    throw INCORRECT();
  return signedIn(context, user);
}

async function refresh(parameters: Record<string, string>, context: OperationContext) {
  const record = context.store.state.refreshTokens[requireParameter(parameters, 'REFRESH_TOKEN')];
  const user = record && context.store.userBySub(record.sub);
  if (!record || !user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
  if (record.expiresAt !== undefined && record.expiresAt * 1000 <= context.now())
    throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
  const tokens = await issueTokens(context.store, context.region, user, {
    validity: context.settings.appClient.tokenValidity,
    withRefresh: false,
  });
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

export async function initiateAuth(body: RequestBody, context: OperationContext): Promise<unknown> {
  checkClient(body, context);
  const flow = memberText(body.AuthFlow);
  if (!isAuthFlowAllowed(context.settings.appClient, flow))
    throw new CognitoError('InvalidParameterException', `${flow} flow not enabled for this client`);
  const parameters = (body.AuthParameters ?? {}) as Record<string, string>;
  if (flow === 'USER_SRP_AUTH') return startSrp(parameters, context);
  if (flow === 'USER_PASSWORD_AUTH') return passwordSignIn(parameters, context);
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') return refresh(parameters, context);
  throw new CognitoError('InvalidParameterException', `The local user pool does not support AuthFlow ${flow}.`);
}

async function answerPasswordVerifier(responses: Record<string, string>, context: OperationContext) {
  const username = requireParameter(responses, 'USERNAME');
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = parseSrpTimestamp(requireParameter(responses, 'TIMESTAMP'));
  if (!timestamp) throw new CognitoError('InvalidParameterException', TIMESTAMP_FORMAT_MESSAGE);
  const session = openSecretBlock(context.store.secretBlockKey(), secretBlock);
  if (!session) throw INCORRECT();
  if (session.expiresAt <= context.now())
    throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  const user = session.sub === undefined ? undefined : context.store.userBySub(session.sub);
  // The answer must come for the user the challenge was made for, with the password it was made with.
  if (!user || context.store.findUser(username)?.sub !== user.sub) throw INCORRECT();
  const verifier = assertCanSignIn(user);
  const claim = {
    poolName: srpPoolName(context.store.state.userPoolId),
    userIdForSrp: session.userIdForSrp,
    verifier: verifier.verifier,
    srpA: session.srpA,
    ephemeral: session.ephemeral,
    secretBlock,
    timestamp: formatSrpTimestamp(timestamp),
    signature,
  };
  if (!isPasswordClaimValid(claim)) throw INCORRECT();
  return signedIn(context, user);
}

export async function respondToAuthChallenge(body: RequestBody, context: OperationContext): Promise<unknown> {
  checkClient(body, context);
  const challenge = memberText(body.ChallengeName);
  const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
  if (challenge === 'PASSWORD_VERIFIER') return answerPasswordVerifier(responses, context);
  throw new CognitoError(
    'InvalidParameterException',
    `The local user pool does not support ChallengeName ${challenge}.`,
  );
}
