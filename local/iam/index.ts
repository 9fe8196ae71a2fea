import type { LocalSettings } from '../lib/local-settings';
import { lambdaSessionArn, loadLambdaRolePolicies } from './lambda-roles';
import type { LocalResourceNames } from './lambda-roles';
import { LocalIam, rootUserArn } from './principals';

export {
  appsyncApiArn,
  lambdaRoleNames,
  lambdaSessionArn,
  loadLambdaRolePolicies,
  mediaConvertRoleArn,
} from './lambda-roles';
export type { LocalResourceNames } from './lambda-roles';
export { credentialDirectory, decide, denialMessage, LocalIam, rootUserArn } from './principals';
export type { AccessKeyPair, CredentialDirectory, LocalPrincipal } from './principals';
export type { AuthorizationRequest, PolicyDecision, PolicyDocument } from './policy';

/** The root key pair with full access, and each Lambda's role key pair held to its role policy. */
export function buildLocalIam(settings: LocalSettings, names: LocalResourceNames): LocalIam {
  const policies = loadLambdaRolePolicies(names);
  const roles = Object.entries(policies).map(([name, policy]) => {
    const keys = settings.roles[name];
    if (!keys) throw new Error(`The local settings have no access key for the ${name} role.`);
    return { ...keys, arn: lambdaSessionArn(names, name), role: name, policies: [policy] };
  });
  return new LocalIam(settings.accountId, [
    {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      arn: rootUserArn(settings.accountId),
    },
    ...roles,
  ]);
}
