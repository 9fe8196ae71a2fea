import { evaluatePolicies } from './policy';
import type { AuthorizationRequest, PolicyDecision, PolicyDocument } from './policy';

/** One identity the local services know by its access key. */
export interface LocalPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  /** How AWS names the caller in an AccessDenied message. */
  arn: string;
  /** The Lambda whose role this is; undefined for the root credentials. */
  role?: string;
  /** The role's identity policies; undefined for the root credentials, which may do anything. */
  policies?: PolicyDocument[];
}

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Looks a signing access key up; the SigV4 verifiers take this (or a single key pair, as root). */
export interface CredentialDirectory {
  readonly accountId: string;
  principal(accessKeyId: string): LocalPrincipal | undefined;
}

/**
 * The local account's identities: the root key pair (full access, as the tests, the CLI and users
 * act) and one key pair per Lambda role, each held to its role's policy.
 */
export class LocalIam implements CredentialDirectory {
  private readonly byAccessKey: Map<string, LocalPrincipal>;

  constructor(
    readonly accountId: string,
    principals: LocalPrincipal[],
  ) {
    this.byAccessKey = new Map(principals.map((principal) => [principal.accessKeyId, principal]));
  }

  /** A directory of one: the given key pair, as root. */
  static rootOnly(credentials: AccessKeyPair & { accountId?: string }): LocalIam {
    const accountId = credentials.accountId ?? '000000000000';
    return new LocalIam(accountId, [
      {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        arn: rootUserArn(accountId),
      },
    ]);
  }

  principal(accessKeyId: string): LocalPrincipal | undefined {
    return this.byAccessKey.get(accessKeyId);
  }
}

/** The ARN the root local credentials stand for (an IAM user with full access). */
export function rootUserArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/videopipe-local`;
}

/** A single key pair or a directory: what the services' options accept. */
export function credentialDirectory(
  source: CredentialDirectory | (AccessKeyPair & { accountId?: string }),
): CredentialDirectory {
  return 'principal' in source ? source : LocalIam.rootOnly(source);
}

/** IAM's decision for one call; root is allowed everything. */
export function decide(principal: LocalPrincipal | undefined, request: AuthorizationRequest): PolicyDecision {
  if (!principal) return 'implicit-deny';
  if (!principal.policies) return 'allow';
  return evaluatePolicies(principal.policies, request);
}

export interface DenialWording {
  /** S3 quotes the resource ARN. */
  quoteResource?: boolean;
  /** SQS names the action in lower case. */
  lowerCaseAction?: boolean;
}

/** AWS's AccessDenied sentence for an identity-policy denial (same-account requests). */
export function denialMessage(
  principal: LocalPrincipal,
  decision: PolicyDecision,
  request: AuthorizationRequest,
  wording: DenialWording = {},
): string {
  const action = wording.lowerCaseAction ? request.action.toLowerCase() : request.action;
  const resource = wording.quoteResource ? `"${request.resource}"` : request.resource;
  const reason =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  return `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}
