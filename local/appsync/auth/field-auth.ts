import { isObjectType, Kind } from 'graphql';
import type { ConstDirectiveNode, GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { AuthMode, Caller } from '../types';

interface ModeRule {
  mode: AuthMode;
  /** For user pools: the caller must be in one of these groups (null: any signed-in user). */
  cognitoGroups: string[] | null;
}

const DIRECTIVE_MODES: Record<string, AuthMode> = {
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_auth: 'AMAZON_COGNITO_USER_POOLS',
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
};

/**
 * AppSync's authorization rule for fields: a field's own auth directives win; without them the
 * field takes its type's; without either, only the default mode may read it.
 */
export class FieldAuthorizer {
  private readonly rules = new Map<string, ModeRule[]>();

  constructor(
    schema: GraphQLSchema,
    private readonly defaultMode: AuthMode,
  ) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type) && !type.name.startsWith('__')) {
        this.indexType(type);
      }
    }
  }

  /** Whether the caller may resolve Type.field. Introspection and unknown fields are left to graphql-js. */
  isAllowed(typeName: string, fieldName: string, caller: Caller): boolean {
    const rules = this.rules.get(`${typeName}.${fieldName}`);
    if (!rules) return true;
    return rules.some((rule) => rule.mode === caller.authMode && inGroups(rule, caller));
  }

  /** What `isAllowed` reads of a caller: callers with the same view are allowed the same fields. */
  viewOf(caller: Caller): string {
    const groups = (caller.identity as { groups?: string[] | null } | null)?.groups ?? [];
    return JSON.stringify([caller.authMode, [...groups].sort()]);
  }

  private indexType(type: GraphQLObjectType): void {
    const typeRules = rulesOf(type.astNode?.directives);
    for (const field of Object.values(type.getFields())) {
      const fieldRules = rulesOf(field.astNode?.directives);
      const rules =
        fieldRules.length > 0
          ? fieldRules
          : typeRules.length > 0
            ? typeRules
            : [{ mode: this.defaultMode, cognitoGroups: null }];
      this.rules.set(`${type.name}.${field.name}`, rules);
    }
  }
}

function rulesOf(directives: readonly ConstDirectiveNode[] | undefined): ModeRule[] {
  const rules: ModeRule[] = [];
  for (const directive of directives ?? []) {
    const mode = DIRECTIVE_MODES[directive.name.value];
    if (!mode) continue;
    const groupsArgument = directive.arguments?.find((argument) => argument.name.value === 'cognito_groups');
    const cognitoGroups =
      groupsArgument && groupsArgument.value.kind === Kind.LIST
        ? groupsArgument.value.values.flatMap((value) => (value.kind === Kind.STRING ? [value.value] : []))
        : null;
    rules.push({ mode, cognitoGroups });
  }
  return rules;
}

function inGroups(rule: ModeRule, caller: Caller): boolean {
  if (rule.cognitoGroups === null) return true;
  const groups = (caller.identity as { groups?: string[] | null } | null)?.groups ?? [];
  return rule.cognitoGroups.some((group) => groups.includes(group));
}
